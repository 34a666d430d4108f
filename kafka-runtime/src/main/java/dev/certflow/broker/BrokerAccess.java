package dev.certflow.broker;

import dev.certflow.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;

/**
 * Gives each certflow principal its SCRAM credentials and the ACLs of its {@link Role}, as the
 * broker's super user. Run by {@code bin/certflow up} and the system tests after the broker starts;
 * running it again changes nothing but new principals (an agent added later) and new passwords.
 *
 * <p>{@code java dev.certflow.broker.BrokerAccess ADMIN_CLIENT_PROPERTIES PRINCIPALS [PREFIX]}: the
 * first file holds the admin client's settings (bootstrap servers, security protocol, JAAS line,
 * trust store), the second one principal per line as {@code name role password}.
 */
public final class BrokerAccess {

  /** SCRAM iterations; Kafka accepts 4096 to 16384. */
  static final int ITERATIONS = 8192;

  /**
   * One principal to create.
   *
   * @param name the SASL user name
   * @param role what it may do
   * @param password its password (never logged)
   */
  public record Principal(String name, Role role, String password) {
    @Override
    public String toString() {
      return name + " (" + role.id() + ")";
    }
  }

  private BrokerAccess() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: BrokerAccess ADMIN_CLIENT_PROPERTIES PRINCIPALS [TOPIC_PREFIX]");
      System.exit(2);
    }
    Properties admin = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      admin.load(in);
    }
    List<Principal> principals = read(Path.of(args[1]));
    Topics topics = new Topics(args.length > 2 ? args[2] : Topics.DEFAULT_PREFIX);
    apply(admin, principals, topics);
    System.out.println(
        "certflow broker access: " + principals.size() + " principals, " + principals);
  }

  /** Reads {@code name role password} lines; blank lines and {@code #} comments are skipped. */
  static List<Principal> read(Path file) throws IOException {
    List<Principal> principals = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = trimmed.split("\\s+", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            file + ": each line must be 'name role password', one has " + parts.length + " fields");
      }
      principals.add(new Principal(parts[0], Role.of(parts[1]), parts[2]));
    }
    return principals;
  }

  /** Upserts every principal's credentials and creates its ACLs. */
  public static void apply(Properties adminClient, List<Principal> principals, Topics topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    try (Admin admin = Admin.create(adminClient)) {
      List<UserScramCredentialAlteration> credentials = new ArrayList<>();
      List<AclBinding> acls = new ArrayList<>();
      for (Principal principal : principals) {
        credentials.add(
            new UserScramCredentialUpsertion(
                principal.name(),
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS),
                principal.password()));
        acls.addAll(principal.role().bindings(principal.name(), topics));
      }
      admin.alterUserScramCredentials(credentials).all().get(60, TimeUnit.SECONDS);
      admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
    }
  }
}
