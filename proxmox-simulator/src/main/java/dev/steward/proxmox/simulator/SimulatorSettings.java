package dev.steward.proxmox.simulator;

import dev.steward.proxmox.simulator.internal.api.Delays;
import dev.steward.proxmox.simulator.internal.auth.Accounts;
import dev.steward.proxmox.simulator.internal.http.ConnectionPolicy;
import dev.steward.proxmox.simulator.internal.model.ClusterShape;
import java.net.InetAddress;
import java.time.Clock;

/** A checked copy of a {@link SimulatorBuilder}'s settings, taken at {@code start()}. Immutable. */
record SimulatorSettings(Profile profile, ClusterShape shape, Accounts accounts, Delays delays,
    ConnectionPolicy connections, Clock clock, InetAddress bindAddress, int port) {}
