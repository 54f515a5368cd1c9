/**
 * The runner's command line, built with picocli: the {@code steward} command, its global options
 * ({@code --plugin-path}, {@code --set}, {@code --verbose}) and its subcommands. Internal to the
 * runner: module-info opens it to picocli and exports nothing.
 */
package dev.steward.examples.cli;
