package dev.certflow.api.service.keys;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides credentials in a {@code dns_service_url} before it is shown or logged. Every query
 * parameter value is hidden except a few known to be harmless, so a provider with a new credential
 * parameter is safe by default.
 */
public final class SecretRedactor {

  public static final String MASK = "***";
  private static final Set<String> SHOWN =
      Set.of("tsig_name", "tsig_algorithm", "region", "zone", "project_id", "timeout");
  private static final Pattern USER_INFO =
      Pattern.compile("^([a-z0-9+.-]+://)[^/@?#]*@", Pattern.CASE_INSENSITIVE);
  private static final Pattern PARAM = Pattern.compile("([?&])([^=&#]+)=([^&#]*)");

  private SecretRedactor() {}

  public static String redactUrl(String url) {
    if (url == null || url.startsWith("$ENV:")) {
      return url;
    }
    String result = USER_INFO.matcher(url).replaceFirst("$1" + MASK + "@");
    Matcher matcher = PARAM.matcher(result);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(2);
      String value = matcher.group(3);
      boolean shown = SHOWN.contains(name.toLowerCase(Locale.ROOT)) || value.startsWith("$ENV:");
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(matcher.group(1) + name + "=" + (shown ? value : MASK)));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
