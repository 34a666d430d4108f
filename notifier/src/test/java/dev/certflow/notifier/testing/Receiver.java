package dev.certflow.notifier.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real HTTP endpoint for webhook tests: each path answers the statuses queued for it (then 200)
 * and records every request with its headers and body.
 */
public final class Receiver implements AutoCloseable {

  /** One request as it arrived. */
  public record Request(String path, Map<String, List<String>> headers, String body, int answered) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final Map<String, ConcurrentLinkedQueue<Integer>> statuses = new ConcurrentHashMap<>();
  private final List<Request> requests = new ArrayList<>();

  public Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The next requests to this path are answered with these statuses, in order. */
  public void answer(String path, Integer... codes) {
    statuses.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(codes));
  }

  public List<Request> requests(String path) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.path().equals(path)).toList();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Integer queued = statuses.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
    int status = queued == null ? 200 : queued;
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    synchronized (requests) {
      requests.add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body, status));
    }
    byte[] reply = (status == 200 ? "ok" : "unavailable").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, reply.length);
    exchange.getResponseBody().write(reply);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
