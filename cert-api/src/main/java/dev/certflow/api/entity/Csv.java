package dev.certflow.api.entity;

import java.util.Arrays;
import java.util.List;

/** Lists of host names stored as one comma-separated column (names never contain commas). */
final class Csv {

  private Csv() {}

  static List<String> split(String csv) {
    return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(",", -1));
  }
}
