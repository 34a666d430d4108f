package dev.certflow.notifier.format;

import dev.certflow.events.AlertEvent;

/** The words of an alert as people read them in a chat, naming the host that sent it. */
record AlertText(String hostname) {

  String title(AlertEvent alert) {
    return "[certflow] " + alert.level() + ": " + alert.category() + " " + alert.certificate();
  }

  String markdown(AlertEvent alert) {
    return "### "
        + title(alert)
        + "\n\n"
        + alert.message()
        + "\n\n- domains: "
        + String.join(", ", alert.domains())
        + "\n- host: "
        + hostname;
  }

  String plain(AlertEvent alert) {
    return title(alert)
        + "\n"
        + alert.message()
        + "\ndomains: "
        + String.join(", ", alert.domains());
  }

  String slack(AlertEvent alert) {
    return "*"
        + title(alert)
        + "*\n"
        + alert.message()
        + "\n_domains: "
        + String.join(", ", alert.domains())
        + "_";
  }
}
