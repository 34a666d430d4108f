package dev.certflow.bench;

import dev.certflow.security.PemTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The ceiling: a plain acme4j loop issuing N certificates on T threads against the same CA, polling
 * as tightly as certflow's worker does (no 3 s default wait).
 *
 * <p>Usage: {@code AcmeLoopBenchmark DIRECTORY_URL TRUST_PEM COUNT THREADS [WARMUP_ROUNDS
 * [ROUNDS]]} (defaults 2 and 3; see {@link Rounds})
 */
public final class AcmeLoopBenchmark {

  private AcmeLoopBenchmark() {}

  public static void main(String[] args) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    String directory = args[0];
    SSLContext trust = PemTrust.context(args[1]);
    int count = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    Session session =
        new Session(
            URI.create(directory),
            new GenericAcmeProvider() {
              @Override
              public HttpClient createHttpClient(NetworkSettings settings) {
                return HttpClient.newBuilder()
                    .sslContext(trust)
                    .connectTimeout(settings.getTimeout())
                    .build();
              }
            });
    Login login =
        new AccountBuilder()
            .agreeToTermsOfService()
            .useKeyPair(KeyPairUtils.createECKeyPair("secp256r1"))
            .createLogin(session);
    int warmups = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Rounds.measure(
          "acme4j loop (" + threads + " threads)",
          count,
          warmups,
          rounds,
          prefix -> round(login, pool, count, threads, prefix));
    } finally {
      pool.shutdown();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Issues {@code count} certificates on {@code threads} loops; returns the window taken. */
  private static Window.Measured round(
      Login login, ExecutorService pool, int count, int threads, String prefix) throws Exception {
    AtomicInteger next = new AtomicInteger();
    Window window = Window.open();
    List<Future<?>> loops = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      loops.add(
          pool.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                  issue(login, "loop-" + prefix + "-" + i + ".bench.certflow.test");
                }
                return null;
              }));
    }
    for (Future<?> loop : loops) {
      loop.get();
    }
    return window.close();
  }

  private static void issue(Login login, String domain) throws Exception {
    Order order = login.newOrder().domain(domain).create();
    for (Authorization authorization : order.getAuthorizations()) {
      if (authorization.getStatus() != Status.VALID) {
        Http01Challenge challenge =
            authorization.findChallenge(Http01Challenge.class).orElseThrow();
        challenge.trigger();
        while (challenge.getStatus() == Status.PENDING
            || challenge.getStatus() == Status.PROCESSING) {
          Thread.sleep(10);
          challenge.fetch();
        }
      }
    }
    while (order.getStatus() == Status.PENDING) {
      Thread.sleep(10);
      order.fetch();
    }
    // The same key type certflow makes by default (EC P-256): the comparison is of the ACME work.
    KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
    order.execute(key);
    while (order.getStatus() != Status.VALID && order.getStatus() != Status.INVALID) {
      Thread.sleep(10);
      order.fetch();
    }
    order.getCertificate().download();
  }
}
