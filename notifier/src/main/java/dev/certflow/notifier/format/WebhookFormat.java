package dev.certflow.notifier.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generic webhook: the alert's fields as JSON, signed in {@value #SIGNATURE_HEADER} with the
 * time of sending ({@link WebhookSignature}) when the channel has a secret.
 */
final class WebhookFormat implements ChannelFormat {

  static final String SIGNATURE_HEADER = "X-Certflow-Signature";

  @Override
  public Message format(Draft draft) {
    ObjectNode body =
        Json.object()
            .put("name", draft.channel().name())
            .put("level", draft.alert().level())
            .put("category", draft.alert().category())
            .put("certificate", draft.alert().certificate());
    draft.alert().domains().forEach(body.putArray("domains")::add);
    body.put("message", draft.alert().message())
        .put("occurred_at", draft.occurredAt().toString())
        .put("hostname", draft.text().hostname());
    String json = Json.write(body);
    Map<String, String> signed = new LinkedHashMap<>(draft.headers());
    if (draft.channel().secret() != null) {
      signed.put(
          SIGNATURE_HEADER, WebhookSignature.sign(draft.channel().secret(), draft.now(), json));
    }
    return draft.to(draft.channel().url(), signed, json);
  }
}
