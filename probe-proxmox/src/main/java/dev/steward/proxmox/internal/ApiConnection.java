package dev.steward.proxmox.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.proxmox.ApiToken;
import dev.steward.proxmox.ClientStats;
import dev.steward.proxmox.ProxmoxClientConfig;
import dev.steward.proxmox.ProxmoxConnectionException;
import dev.steward.proxmox.ProxmoxException;
import dev.steward.proxmox.ProxmoxResponseException;
import dev.steward.proxmox.UserPassword;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends API requests: at most {@code maxConcurrency} in flight (a fair semaphore held only while a
 * request is on the wire, never while waiting to retry or to log in), authenticated, with
 * transient failures of GETs retried as the {@link dev.steward.proxmox.RetryPolicy} says, and
 * every failure turned into the exception of its kind. Thread-safe.
 */
public final class ApiConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ApiConnection.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String FORM = "application/x-www-form-urlencoded";

  private final ProxmoxClientConfig config;
  private final HttpClient http;
  private final Semaphore permits;
  private final Authentication authentication;
  private final FailureTranslator failures;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  /** What to send: a GET of {@code path} with {@code query}, or a POST of a form (the login's unauthenticated). */
  private record Call(String method, String path, Map<String, String> query, Map<String, String> form, boolean login) {
    boolean isGet() {
      return method.equals("GET");
    }

    String describe() {
      return method + " " + path + (query.isEmpty() ? "" : "?" + encode(query));
    }
  }

  public ApiConnection(ProxmoxClientConfig config) {
    this.config = config;
    this.permits = new Semaphore(config.maxConcurrency(), true);
    this.failures = new FailureTranslator(config);
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(tls(config))
        .build();
    if (config.credentials() instanceof ApiToken token) {
      this.authentication = new TokenAuthentication(token, config.server());
    } else {
      this.authentication = new TicketAuthentication((UserPassword) config.credentials(), config.server(), config.clock(),
          config.ticketRenewal(), form -> send(new Call("POST", "/access/ticket", Map.of(), form, true)));
    }
    if (config.insecure()) {
      LOG.warn("INSECURE: the Proxmox client for {} accepts any certificate and any host name (insecure mode is on); anyone "
          + "between here and the server can read the credentials and change the answers. Pin the node's fingerprint instead.",
          config.server());
    }
  }

  /** {@code GET path?query}, retried when transient. */
  ApiAnswer get(String path, Map<String, String> query) {
    return send(new Call("GET", path, query, Map.of(), false));
  }

  /** {@code POST path} with {@code form}, with the CSRF token when a ticket authenticates it; never retried. */
  ApiAnswer post(String path, Map<String, String> form) {
    return send(new Call("POST", path, Map.of(), form, false));
  }

  public ClientStats stats() {
    long logins = authentication instanceof TicketAuthentication t ? t.logins() : 0;
    long renewals = authentication instanceof TicketAuthentication t ? t.renewals() : 0;
    return new ClientStats(requests.get(), retries.get(), logins, renewals, maxInFlight.get());
  }

  public ProxmoxClientConfig config() {
    return config;
  }

  private ApiAnswer send(Call call) {
    boolean login = call.login();
    int retry = 0;
    int unreachableRetries = 0;
    boolean droppedRetried = false;
    boolean loggedInAgain = false;
    while (true) {
      AuthHeaders auth = null;
      try {
        // A login or renewal happens here; when it fails transiently, the GET is retried as any other.
        auth = login ? null : authentication.headers(!call.isGet());
        return exchange(call, auth);
      } catch (ProxmoxException e) {
        if (e.kind() == ProxmoxException.Kind.AUTHENTICATION && auth != null && !loggedInAgain
            && authentication.renewAfterRefusal(auth)) {
          loggedInAgain = true;
          continue;
        }
        if (!droppedRetried && (call.isGet() || call.login()) && isDroppedConnection(e)) {
          // pveproxy closes a kept-alive connection after 5 s idle; a reuse can race with that close. A
          // login may be sent again: it changes nothing on the server but issue another ticket.
          droppedRetried = true;
          retries.incrementAndGet();
          LOG.debug("{} to {}: the connection dropped ({}); trying once more at once", call.describe(), config.server(), e.getMessage());
          continue;
        }
        boolean unreachable = e.kind() == ProxmoxException.Kind.NODE_UNREACHABLE;
        if (!call.isGet() || !e.isTransient() || retry >= config.retryPolicy().retries()
            || unreachable && unreachableRetries >= config.retryPolicy().nodeUnreachableRetries()) {
          throw e;
        }
        retry++;
        if (unreachable) {
          unreachableRetries++;
        }
        Duration wait = config.retryPolicy().delayBefore(retry, nextRandom());
        LOG.info("{} failed ({}); retry {} of {} in {} ms", call.describe(), e.getMessage(), retry, config.retryPolicy().retries(),
            wait.toMillis());
        retries.incrementAndGet();
        try {
          config.sleeper().sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private ApiAnswer exchange(Call call, AuthHeaders auth) {
    String described = call.describe();
    HttpRequest request = request(call, auth);
    HttpResponse<byte[]> response;
    acquire(described);
    try {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      requests.incrementAndGet();
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw failures.io(described, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProxmoxConnectionException(described, "Interrupted while waiting for Proxmox at " + config.server() + " to answer "
          + described, e);
    } finally {
      inFlight.decrementAndGet();
      permits.release();
    }
    int status = response.statusCode();
    LOG.debug("{} -> {}", described, status);
    if (status == 401) {
      throw authentication.refused(described, status);
    }
    if (status != 200) {
      throw failures.status(described, call.path(), status, response.body());
    }
    return answer(described, response.body());
  }

  private void acquire(String described) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProxmoxConnectionException(described, "Interrupted while waiting for one of the " + config.maxConcurrency()
          + " request slots for Proxmox at " + config.server(), e);
    }
  }

  private HttpRequest request(Call call, AuthHeaders auth) {
    String query = call.query().isEmpty() ? "" : "?" + encode(call.query());
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(config.baseUri() + call.path() + query))
        .timeout(config.requestTimeout())
        .header("Accept", "application/json");
    if (auth != null) {
      auth.headers().forEach(builder::header);
    }
    if (call.isGet()) {
      builder.GET();
    } else {
      builder.header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofString(encode(call.form()), StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  private ApiAnswer answer(String described, byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new ProxmoxResponseException(described, "Proxmox at " + config.server() + " answered " + described
          + " with something that is not JSON (" + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
          + "); is a proxy in the way?", e);
    }
    if (root == null || !root.isObject() || !root.has("data")) {
      throw new ProxmoxResponseException(described, "Proxmox at " + config.server() + " answered " + described
          + " without the API's envelope {\"data\": ...}; is a proxy in the way?", null);
    }
    OptionalLong total = Lenient.integer(root, "total");
    return new ApiAnswer(root.get("data"), total);
  }

  private double nextRandom() {
    synchronized (config.random()) {
      return config.random().nextDouble();
    }
  }

  private static boolean isDroppedConnection(ProxmoxException e) {
    return e.kind() == ProxmoxException.Kind.CONNECTION && !(e.getCause() instanceof ConnectException)
        && !(e.getCause() instanceof SSLHandshakeException) && !(e.getCause() instanceof InterruptedException);
  }

  static String encode(Map<String, String> fields) {
    StringJoiner joined = new StringJoiner("&");
    fields.forEach((name, value) -> joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return joined.toString();
  }

  /** A path segment, percent-encoded: node names are plain, UPIDs hold ':', '@' and '!'. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static SSLContext tls(ProxmoxClientConfig config) {
    TrustManager manager = config.insecure()
        ? new TrustEverything()
        : new PinningTrustManager(PinningTrustManager.defaults(config.trustStore()), config.pinnedFingerprint());
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {manager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
