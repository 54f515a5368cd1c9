/**
 * The settings, spec properties and errors of the {@code docker} ProcessManager, for embedders who
 * configure it in code. The manager itself is found through {@link
 * dev.steward.discovery.ProviderRegistry} by the id {@code docker}.
 *
 * <h2>One container per node</h2>
 *
 * By default each node is a container of its own, {@code steward-INSTANCE-KIND-NAME}, made from
 * its spec ({@link dev.steward.docker.DockerSpec}) and labelled with the node, the instance, the
 * host and the spec's hash; its ports are published on {@link
 * dev.steward.docker.DockerSpec#PUBLISH_ADDRESS}.
 *
 * <h2>Several nodes per container ("packing")</h2>
 *
 * A spec with {@link dev.steward.docker.DockerSpec#PACK_SIZE} {@code N} above 1 packs its node
 * with the others of its {@link dev.steward.docker.DockerSpec#PACK_GROUP group}: node {@code i}
 * ({@link dev.steward.docker.DockerSpec#PACK_INDEX}) lives in pack {@code K = (i - 1) / N + 1}.
 * The model:
 *
 * <ul>
 *   <li><b>The pack container.</b> One per instance, host, group, {@code K} and container-level
 *       spec, named {@code steward-INSTANCE-pack-GROUP-K-HASH} and labelled {@code
 *       dev.steward.instance}, {@code dev.steward.host}, {@code dev.steward.pack=GROUP-K} and
 *       {@code dev.steward.spec-hash}. HASH covers what the container is made of: the image, the
 *       memory and CPU limits (for the whole pack), the user, the restart policy, the volumes and
 *       the keeper, not the nodes' commands, environments, directories, versions or ports; so the
 *       nodes of a fleet share it, and a new image makes a new pack beside the old one. Its main
 *       process is a small keeper under Docker's init, which clears what nodes of an earlier run
 *       left when the container starts and, on {@code docker stop}, stops every node and exits 0.
 *   <li><b>The host's network.</b> A pack container uses {@code --network host} and publishes
 *       nothing: each node binds its own ports on the host as a process would, and the host's
 *       firewall (ufw) applies to them. A container with a network of its own would have to
 *       publish, when it is made, every port any node might ever use in it; so {@code
 *       publish-address} is refused for a packed node.
 *   <li><b>Each node a process.</b> {@code docker exec} starts the node in its pack under a
 *       supervisor of its own, in its directory, as {@code setsid env NAME=VALUE... COMMAND} (a
 *       process group of its own, so a stop reaches what it started too): its {@code
 *       env.NAME} variables and Steward's markers ({@code STEWARD_INSTANCE}, {@code
 *       STEWARD_RESOURCE}) reach the node alone, so a probe that finds nodes by their markers sees
 *       the node and nothing that outlives it; nothing of the spec passes through a shell. The
 *       image needs {@code sh}, {@code env} and a few tools ({@link
 *       dev.steward.docker.DockerSpec#PACK_SIZE}). The supervisor records the node's pid, start time and exit
 *       status in the node's directory in the container ({@code /tmp/steward-nodes/KIND.NAME}),
 *       keeps its output there (its last MiB, and what it wrote in the last 5 s) and passes TERM on
 *       to it. A node's pid is its
 *       pid in the pack container: {@code docker exec CONTAINER kill PID} reaches it.
 *   <li><b>Status per node.</b> RUNNING while its process lives; STOPPED once Steward stopped it or
 *       it exited 0 or by its stop signal (143); FAILED after any other exit, with {@code
 *       exit_code}, a {@code reason} and its last lines in {@code log}. Attributes name the pack
 *       ({@code container}, {@code container_id}, {@code image}, {@code pack}, {@code
 *       pack_spec_hash}) and the node ({@code spec_hash}, {@code version}). {@code list(host)} is
 *       one {@code docker ps}, one {@code docker inspect} and one {@code docker exec} per running
 *       pack container, never a command per node. A pack container that is not running holds no
 *       running node, and what its nodes left cannot be read there: they are not reported (they
 *       are absent, so the reconcile loop starts them again, which starts the pack).
 *   <li><b>Neighbours untouched.</b> {@code start} makes or starts the pack when it must and starts
 *       the node in it unless it runs; {@code stop} sends the node's process group TERM, then KILL
 *       after the grace;
 *       {@code remove} stops it and forgets it, and removes the pack container when no node is
 *       left in it. None of them touches another node's process.
 *   <li><b>Upgrades.</b> {@code replace} makes the new pack container beside the old one, stops the
 *       node in the old pack, starts it in the new one and watches it; once it runs, the node is
 *       forgotten in the old pack, which goes when its last node has moved out. A node that does
 *       not stay up is forgotten in the new pack and started again in the old one, from what its
 *       directory recorded, and the {@link dev.steward.ProcessStartException} says so. A node
 *       never runs twice, and an upgrade cut short at any step is settled by the next start,
 *       replace or remove of the node. A fleet that starts or stops packing moves each node into
 *       its pack, or out of it into a container of its own, the same way.
 * </ul>
 *
 * <p>Nothing of another instance, another host label, or without Steward's labels is ever
 * started, stopped or removed, packed or not.
 */
package dev.steward.docker;
