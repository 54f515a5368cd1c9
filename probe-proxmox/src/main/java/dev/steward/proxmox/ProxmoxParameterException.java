package dev.steward.proxmox;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** 400: Proxmox refused parameters; {@link #errors()} says why, parameter by parameter. */
public final class ProxmoxParameterException extends ProxmoxException {
  private static final long serialVersionUID = 1L;
  private final TreeMap<String, String> errors;

  public ProxmoxParameterException(String request, Map<String, String> errors, String message) {
    super(Kind.PARAMETERS, request, 400, message, null);
    this.errors = new TreeMap<>(errors);
  }

  /** Parameter name to Proxmox's reason, e.g. {@code limit} to {@code value must have a minimum value of 0}. */
  public Map<String, String> errors() {
    return Collections.unmodifiableMap(errors);
  }
}
