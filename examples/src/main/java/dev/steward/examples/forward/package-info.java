/**
 * A small port forwarder that publishes its status the way a tool embedding Steward does: the
 * daemon behind the {@code forward-status} scenario and the hidden {@code forward-daemon}
 * command, and the status table the {@code status} command prints.
 */
package dev.steward.examples.forward;
