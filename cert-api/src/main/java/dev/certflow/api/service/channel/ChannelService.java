package dev.certflow.api.service.channel;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.ChannelEntity;
import dev.certflow.api.entity.OutboxEntry;
import dev.certflow.api.entity.OutboxWritten;
import dev.certflow.api.service.ConflictException;
import dev.certflow.api.service.FieldError;
import dev.certflow.api.service.NotFoundException;
import dev.certflow.api.service.ValidationException;
import dev.certflow.api.service.alert.AlertPublisher;
import dev.certflow.api.service.keys.Sealers;
import dev.certflow.events.ChannelConfig;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.security.KeySealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ServiceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Channels: validated, stored with URL and secret sealed under the master key, and published to the
 * notifier (sealed under the notifier key) through the outbox in the same transaction.
 */
@ApplicationScoped
public class ChannelService {

  /** A channel's fields after validation. */
  public record ChannelInput(
      String name,
      String type,
      String url,
      List<String> categories,
      String secret,
      Boolean enabled) {}

  private final Sealers sealers;
  private final Topics topics;
  private final CertflowConfig config;
  private final AlertPublisher alerts;
  private final Event<OutboxWritten> written;

  ChannelService(
      Sealers sealers,
      Topics topics,
      CertflowConfig config,
      AlertPublisher alerts,
      Event<OutboxWritten> written) {
    this.sealers = sealers;
    this.topics = topics;
    this.config = config;
    this.alerts = alerts;
    this.written = written;
  }

  @Transactional
  public List<ChannelEntity> list() {
    return ChannelEntity.<ChannelEntity>listAll().stream()
        .sorted(Comparator.comparing(c -> c.name))
        .toList();
  }

  @Transactional
  public ChannelEntity get(String name) {
    return Optional.ofNullable(ChannelEntity.<ChannelEntity>findById(name))
        .orElseThrow(() -> new NotFoundException("channel " + name + " does not exist"));
  }

  @Transactional
  public ChannelEntity create(ChannelInput input) {
    List<FieldError> errors = validate(input, null);
    if (input.name() != null && ChannelEntity.findById(input.name()) != null) {
      throw new ConflictException("name", "channel " + input.name() + " exists already");
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    ChannelEntity channel = new ChannelEntity();
    channel.name = input.name();
    channel.createdAt = Instant.now();
    channel.enabled = true;
    channel.categories = "";
    apply(channel, input);
    channel.persist();
    publish(channel);
    return channel;
  }

  @Transactional
  public ChannelEntity update(String name, ChannelInput input) {
    ChannelEntity channel = get(name);
    List<FieldError> errors = validate(input, channel);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    apply(channel, input);
    publish(channel);
    return channel;
  }

  @Transactional
  public void delete(String name) {
    ChannelEntity channel = get(name);
    channel.delete();
    OutboxEntry.of(topics.channels(), name, null).persist();
    written.fire(new OutboxWritten());
  }

  /** Sends a test message through the notifier; returns the alert id to follow. */
  @Transactional
  public UUID test(String name) {
    ChannelEntity channel = get(name);
    if (!channel.enabled) {
      throw new ConflictException("enabled", "channel " + name + " is disabled");
    }
    return alerts.test(name);
  }

  public String url(ChannelEntity channel) {
    return open(channel.sealedUrl, channel.name);
  }

  private List<FieldError> validate(ChannelInput input, ChannelEntity existing) {
    List<FieldError> errors = new ArrayList<>();
    if (existing == null) {
      if (input.name() == null || !input.name().matches("[a-z0-9][a-z0-9._-]{0,62}")) {
        errors.add(
            new FieldError(
                "name",
                "must be 1 to 63 of a-z, 0-9, '.', '_' or '-', starting with a letter or digit"));
      }
    } else if (input.name() != null && !input.name().equals(existing.name)) {
      errors.add(new FieldError("name", "cannot be changed; create a new channel instead"));
    }
    if (existing == null && (input.type() == null || input.type().isBlank())) {
      errors.add(
          new FieldError(
              "type", "is required: one of " + String.join(", ", sorted(ChannelRules.TYPES))));
    } else if (input.type() != null && !ChannelRules.TYPES.contains(input.type())) {
      errors.add(
          new FieldError(
              "type", "must be one of " + String.join(", ", sorted(ChannelRules.TYPES))));
    }
    if (existing == null && (input.url() == null || input.url().isBlank())) {
      errors.add(new FieldError("url", "is required"));
    } else if (input.url() != null) {
      String problem =
          ChannelRules.urlProblem(
              input.url().strip(), config.notifyAllowLoopback(), config.notifyAllowPrivate());
      if (problem != null) {
        errors.add(new FieldError("url", problem));
      }
    }
    if (input.categories() != null) {
      List<String> unknown = ChannelRules.unknownCategories(input.categories());
      if (!unknown.isEmpty()) {
        errors.add(
            new FieldError(
                "categories",
                "unknown: "
                    + String.join(", ", unknown)
                    + "; known: "
                    + String.join(", ", sorted(ChannelRules.CATEGORIES))));
      }
    }
    if (input.secret() != null && input.secret().length() > 512) {
      errors.add(new FieldError("secret", "must be at most 512 characters"));
    }
    return errors;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  private void apply(ChannelEntity channel, ChannelInput input) {
    if (input.type() != null) {
      channel.type = input.type();
    }
    if (input.url() != null) {
      channel.sealedUrl = seal(input.url().strip(), channel.name);
    }
    if (input.secret() != null) {
      channel.sealedSecret = input.secret().isEmpty() ? null : seal(input.secret(), channel.name);
    }
    if (input.categories() != null) {
      channel.categories = String.join(",", input.categories());
    }
    if (input.enabled() != null) {
      channel.enabled = input.enabled();
    }
    channel.updatedAt = Instant.now();
  }

  public static List<String> categories(ChannelEntity channel) {
    return channel.categories == null || channel.categories.isEmpty()
        ? List.of()
        : Arrays.asList(channel.categories.split(",", -1));
  }

  /**
   * Seals every channel's URL and secret again under the current master key where an older one
   * sealed them, and republishes every channel; returns how many rows were sealed again.
   */
  @Transactional
  public int resealAndRepublish() {
    int resealed = 0;
    for (ChannelEntity channel : ChannelEntity.<ChannelEntity>listAll()) {
      byte[] aad = ("channel:" + channel.name).getBytes(StandardCharsets.UTF_8);
      if (!sealers.master().sealedUnderCurrentKey(channel.sealedUrl, aad)
          || (channel.sealedSecret != null
              && !sealers.master().sealedUnderCurrentKey(channel.sealedSecret, aad))) {
        channel.sealedUrl = seal(open(channel.sealedUrl, channel.name), channel.name);
        if (channel.sealedSecret != null) {
          channel.sealedSecret = seal(open(channel.sealedSecret, channel.name), channel.name);
        }
        resealed++;
      }
      if (sealers.notifier().isPresent()) {
        publish(channel);
      }
    }
    return resealed;
  }

  private void publish(ChannelEntity channel) {
    KeySealer notifier =
        sealers
            .notifier()
            .orElseThrow(
                () ->
                    new ServiceUnavailableException(
                        "CERTFLOW_NOTIFY_KEY is not set in cert-api: channels cannot reach the notifier"));
    byte[] aad = channel.name.getBytes(StandardCharsets.UTF_8);
    String url = open(channel.sealedUrl, channel.name);
    String secret = channel.sealedSecret == null ? null : open(channel.sealedSecret, channel.name);
    ChannelConfig published =
        new ChannelConfig(
            channel.name,
            channel.type,
            notifier.seal(url.getBytes(StandardCharsets.UTF_8), aad),
            secret == null ? null : notifier.seal(secret.getBytes(StandardCharsets.UTF_8), aad),
            categories(channel),
            channel.enabled);
    OutboxEntry.of(
            topics.channels(),
            channel.name,
            EventJson.write(Envelope.of(EventType.CHANNEL, published)))
        .persist();
    written.fire(new OutboxWritten());
  }

  private String seal(String text, String name) {
    return sealers
        .master()
        .seal(
            text.getBytes(StandardCharsets.UTF_8),
            ("channel:" + name).getBytes(StandardCharsets.UTF_8));
  }

  private String open(String sealed, String name) {
    return new String(
        sealers.master().open(sealed, ("channel:" + name).getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }
}
