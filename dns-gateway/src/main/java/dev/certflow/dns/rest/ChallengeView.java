package dev.certflow.dns.rest;

import dev.certflow.dns.service.Challenge;
import java.util.Map;

/**
 * A challenge as the API shows it.
 *
 * @param state {@code presented}, or {@code waiting_for_manual_record} for the manual provider
 * @param propagated whether every authoritative server answers the value
 * @param servers each authoritative server and whether it answers
 * @param instructions for the manual provider: the record to create
 */
public record ChallengeView(
    String id,
    String provider,
    String state,
    String zone,
    String name,
    String value,
    boolean propagated,
    Map<String, Boolean> servers,
    String instructions) {

  static ChallengeView of(Challenge challenge, Map<String, Boolean> answers) {
    boolean propagated =
        !answers.isEmpty() && answers.values().stream().allMatch(Boolean::booleanValue);
    boolean manual = challenge.manual();
    return new ChallengeView(
        challenge.id(),
        challenge.provider(),
        manual && !propagated
            ? "waiting_for_manual_record"
            : propagated ? "propagated" : "presented",
        challenge.record().zone(),
        challenge.record().name(),
        challenge.record().value(),
        propagated,
        answers,
        manual
            ? "create the record: "
                + challenge.record().name()
                + " "
                + "TXT \""
                + challenge.record().value()
                + "\""
            : null);
  }
}
