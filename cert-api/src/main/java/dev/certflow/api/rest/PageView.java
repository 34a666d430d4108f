package dev.certflow.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of a list.
 *
 * @param total items matching the filters, over all pages
 * @param nextCursor pass as {@code cursor} for the next page; absent on the last page
 */
public record PageView<T>(
    List<T> items,
    int page,
    int size,
    long total,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("next_cursor") String nextCursor) {}
