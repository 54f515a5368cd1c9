package dev.steward.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code steward proxmox SUBCOMMAND}: reads a Proxmox VE cluster with the {@code probe-proxmox} client. */
@Command(
    name = "proxmox",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Reads a Proxmox VE cluster over its API, read-only.",
        "Name the cluster with --set; secrets are read from a file or an environment",
        "variable, never from the command line:",
        "  steward.proxmox.url                one node's API: https://HOST[:8006]",
        "  steward.proxmox.token-id           an API token: USER@REALM!TOKENNAME",
        "  steward.proxmox.token-secret-file  a file whose first line is its secret;",
        "                                     else the environment variable",
        "                                     STEWARD_PROXMOX_TOKEN_SECRET",
        "  or steward.proxmox.user            USER@REALM, with the password in",
        "                                     steward.proxmox.password-file, else",
        "                                     STEWARD_PROXMOX_PASSWORD",
        "  steward.proxmox.fingerprint        the certificate's SHA-256 fingerprint",
        "                                     (AB:CD:...) when no trust store vouches",
        "                                     for it, as for PVE's own certificates",
        "Give the token the PVEAuditor role on /. An untrusted certificate's error",
        "prints its fingerprint: compare it with the node's before pinning it."},
    subcommands = {ProxmoxDiscoverCommand.class},
    synopsisSubcommandLabel = "COMMAND")
public final class ProxmoxCommand implements Callable<Integer> {
  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  /** With no subcommand, says which there are. */
  @Override
  public Integer call() {
    return MissingSubcommand.explain(spec, " with the cluster, e.g. 'steward proxmox discover'");
  }
}
