package dev.steward.status;

import dev.steward.StewardException;

/**
 * A JSON-RPC error: thrown by a client when the server answered with one, and by a {@link
 * StatusMethod} to answer with a code of its own. Codes follow JSON-RPC 2.0: {@value #PARSE_ERROR}
 * parse error, {@value #INVALID_REQUEST} invalid request (also a request over the size limit),
 * {@value #METHOD_NOT_FOUND} unknown method, {@value #INVALID_PARAMS} bad params, {@value
 * #INTERNAL_ERROR} the method failed; and the server's own: {@value #IDLE_TIMEOUT} idle for too
 * long, {@value #PEER_REFUSED} a client of another user, {@value #BUSY} too many clients.
 */
public class StatusRequestException extends StewardException {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  public static final int IDLE_TIMEOUT = -32000;
  public static final int PEER_REFUSED = -32001;
  public static final int BUSY = -32002;

  private static final long serialVersionUID = 1L;
  private final int code;

  public StatusRequestException(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
