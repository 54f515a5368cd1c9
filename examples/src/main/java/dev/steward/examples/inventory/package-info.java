/** How the runner shows an inventory and its change feed: tables and JSON shared by commands and scenarios. */
package dev.steward.examples.inventory;
