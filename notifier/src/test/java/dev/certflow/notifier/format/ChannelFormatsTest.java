package dev.certflow.notifier.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.events.AlertEvent;
import dev.certflow.events.ChannelType;
import dev.certflow.notifier.channel.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every channel type of the contract has a format that names the alert and keeps the headers. */
class ChannelFormatsTest {

  private static final AlertEvent ALERT =
      new AlertEvent("expired", "critical", "shop", List.of("shop.example.com"), "expired");

  @ParameterizedTest
  @EnumSource(ChannelType.class)
  void eachTypeShapesAnAlertAsJsonWithTheDeliveryId(ChannelType type) throws Exception {
    Channel channel =
        new Channel("ops", "https://hooks.example.com/x?k=1", type, Set.of(), "s3cret", true);

    Message message =
        new MessageFormatter("edge-1").format(channel, ALERT, "d-1", Instant.now(), Instant.now());

    assertThat(message.headers()).containsEntry(MessageFormatter.DELIVERY_HEADER, "d-1");
    assertThat(message.uri().getHost()).isEqualTo("hooks.example.com");
    JsonNode body = new ObjectMapper().readTree(message.body());
    assertThat(body.isObject()).isTrue();
    assertThat(message.body()).contains("shop");
  }

  @ParameterizedTest
  @EnumSource(
      value = ChannelType.class,
      names = {"WECOM", "DINGTALK", "FEISHU"})
  void chatServicesReadTheirErrorCodeFromA200(ChannelType type) {
    ChannelFormat format = ChannelFormats.of(type);

    assertThat(format.answer("HTTP 200", "{\"errcode\":0,\"code\":0}").delivered()).isTrue();
    Outcome refused = format.answer("HTTP 200", "{\"errcode\":310000,\"errmsg\":\"keywords\"}");
    assertThat(refused.delivered()).isFalse();
    assertThat(refused.retryable()).isFalse();
    assertThat(refused.detail()).startsWith(type.id() + " error 310000");
  }
}
