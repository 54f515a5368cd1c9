/**
 * The {@code node} kind: fleets of nodes run by a {@link dev.steward.ProcessManager}. Desired
 * fleets ({@link dev.steward.node.DesiredFleet}), the planner's rules ({@link
 * dev.steward.node.Planner}, a pure function with every rule's priority and reason), its thresholds,
 * the node record attributes, and {@link dev.steward.node.NodeKind}, which plugs all of it into the
 * loop. For embedders that keep fleets, and as the example of a kind for kind authors. The node
 * lifecycle table itself, {@link dev.steward.NodeLifecycle}, is among the standard tables every store knows.
 */
package dev.steward.node;
