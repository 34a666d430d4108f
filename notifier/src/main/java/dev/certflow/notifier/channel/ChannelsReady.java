package dev.certflow.notifier.channel;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every channel published before start-up is known. */
@Readiness
@ApplicationScoped
public class ChannelsReady implements HealthCheck {

  private final ChannelDirectory channels;

  ChannelsReady(ChannelDirectory channels) {
    this.channels = channels;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("channels").status(channels.ready()).build();
  }
}
