package dev.steward.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalLong;

/**
 * A successful answer: the envelope's {@code data}, and its {@code total} when the handler set one
 * (task lists, task logs; PVE leaves it out when it is 0). Immutable once made.
 */
record ApiAnswer(JsonNode data, OptionalLong total) {}
