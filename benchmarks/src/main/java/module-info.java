/** The benchmarks: an end-to-end program that prints its figures. Not a library. */
module dev.steward.bench {
  requires dev.steward.core;
  requires dev.steward.probe.ssh;
  requires dev.steward.manager.systemd;
  requires dev.steward.manager.docker;
  requires dev.steward.probe.proxmox;
  requires dev.steward.proxmox.simulator;
  requires com.fasterxml.jackson.databind;
  requires java.net.http;
  requires jdk.management;
  requires java.sql;
  requires java.management;
}
