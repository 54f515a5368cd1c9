/** The {@code file} leader election, and what every election shares (its name and candidate from settings). */
package dev.steward.internal.election;
