package dev.trellis.models.registry;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A registered model (MLflow's {@code RegisteredModel}): its versions, oldest first, and its
 * aliases, each pointing to one version.
 */
public record RegisteredModel(String name, List<RegisteredModelVersion> versions, SortedMap<String, Integer> aliases) {

    public RegisteredModel {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a registered model has at least one version: " + name);
        }
        aliases = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
    }

    /** The highest version: what {@code models:/<name>/latest} names. */
    public RegisteredModelVersion latest() {
        return versions.getLast();
    }

    /** The aliases as {@code alias=version} pairs, e.g. {@code champion=2, staging=3}. */
    public String aliasesText() {
        return String.join(", ", aliases.entrySet().stream().map(Map.Entry::toString).toList());
    }
}
