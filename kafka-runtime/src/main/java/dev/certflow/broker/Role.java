package dev.certflow.broker;

import dev.certflow.events.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each kind of certflow principal may do on the broker. Only cert-api writes certificates,
 * orders, alerts and channels; agents read certificates and challenges and write only their status
 * and acknowledgements; workers read orders and write results and challenges; the notifier reads
 * alerts and channels and writes deliveries and its retries. Everything not granted is denied
 * ({@code allow.everyone.if.no.acl.found=false}).
 */
public enum Role {
  CERT_API("cert-api") {
    @Override
    void grants(Grants g, Topics t) {
      // Creates every topic at start (and lists them to see which exist).
      g.prefixed(t.prefix(), AclOperation.CREATE, AclOperation.DESCRIBE);
      g.write(t.certificates(), t.orders(), t.alerts(), t.channels());
      g.read(t.orderResults(), t.deliveries(), t.agentStatus());
      g.group("certflow-cert-api");
    }
  },
  ACME_WORKER("acme-worker") {
    @Override
    void grants(Grants g, Topics t) {
      g.read(t.orders(), t.agentChallenges(), t.dnsCleanups());
      g.write(t.orderResults(), t.challenges(), t.dnsCleanups());
      g.group("certflow-acme-worker");
    }
  },
  NOTIFIER("notifier") {
    @Override
    void grants(Grants g, Topics t) {
      g.read(t.alerts(), t.channels());
      g.write(t.deliveries(), t.alertDeadLetters());
      g.create(t.deliveries(), t.alertDeadLetters());
      g.prefixed(
          t.alertRetriesPrefix(),
          AclOperation.READ,
          AclOperation.WRITE,
          AclOperation.CREATE,
          AclOperation.DESCRIBE);
      g.group("certflow-notifier");
    }
  },
  AGENT("agent") {
    @Override
    void grants(Grants g, Topics t) {
      g.read(t.certificates(), t.challenges());
      g.write(t.agentStatus(), t.agentChallenges());
    }
  };

  private final String id;

  Role(String id) {
    this.id = id;
  }

  /** The name used in the principals file. */
  public String id() {
    return id;
  }

  /** The role with this name. */
  public static Role of(String id) {
    for (Role role : values()) {
      if (role.id.equals(id)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + id + "' (cert-api, acme-worker, notifier or agent)");
  }

  abstract void grants(Grants grants, Topics topics);

  /** Every ACL this role gives {@code user}. */
  public List<AclBinding> bindings(String user, Topics topics) {
    Grants grants = new Grants("User:" + user);
    grants(grants, topics);
    return grants.bindings;
  }

  /** Collects allow-ACLs for one principal from any host. */
  static final class Grants {
    private final String principal;
    private final List<AclBinding> bindings = new ArrayList<>();

    Grants(String principal) {
      this.principal = principal;
    }

    void read(String... topics) {
      literal(AclOperation.READ, topics);
    }

    void write(String... topics) {
      literal(AclOperation.WRITE, topics);
    }

    void create(String... topics) {
      literal(AclOperation.CREATE, topics);
    }

    private void literal(AclOperation operation, String... topics) {
      for (String topic : topics) {
        allow(ResourceType.TOPIC, topic, PatternType.LITERAL, operation);
      }
    }

    void prefixed(String prefix, AclOperation... operations) {
      for (AclOperation operation : operations) {
        allow(ResourceType.TOPIC, prefix, PatternType.PREFIXED, operation);
      }
    }

    void group(String group) {
      allow(ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ);
    }

    private void allow(ResourceType type, String name, PatternType pattern, AclOperation op) {
      bindings.add(
          new AclBinding(
              new ResourcePattern(type, name, pattern),
              new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
    }
  }
}
