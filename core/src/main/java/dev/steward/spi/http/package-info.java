/**
 * For provider authors: reading small HTTP pages (a node's Prometheus metrics, say) from a port on
 * a host's loopback, through whatever {@link dev.steward.Transport} reaches the host.
 */
package dev.steward.spi.http;
