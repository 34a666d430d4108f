package dev.certflow.api.rest;

import java.util.List;

/**
 * One page of a list.
 *
 * @param total items matching the filters, over all pages
 */
public record PageView<T>(List<T> items, int page, int size, long total) {}
