package dev.trellis.models.registry;

import dev.trellis.models.internal.registry.RegistryNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of {@link ModelRegistry#register(String, String, java.util.function.Consumer)}: the
 * flavor (by default the source version's, or chosen by the file name), a description, tags,
 * and aliases to point at the new version.
 */
public final class ModelRegistration {
    private final String flavor;
    private final String description;
    private final Map<String, String> tags;
    private final List<String> aliases;

    private ModelRegistration(Builder b) {
        this.flavor = b.flavor;
        this.description = b.description;
        this.tags = Map.copyOf(b.tags);
        this.aliases = List.copyOf(b.aliases);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> flavor() {
        return Optional.ofNullable(flavor);
    }

    public String description() {
        return description;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** Builds a {@link ModelRegistration}; every setter checks its value at once. */
    public static final class Builder {
        private String flavor;
        private String description = "";
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final List<String> aliases = new ArrayList<>();

        private Builder() {
        }

        /** The runtime that loads it: {@code onnx}, {@code xgboost}, {@code tribuo}. */
        public Builder flavor(String value) {
            flavor = RegistryNames.requireFlavor(value);
            return this;
        }

        public Builder description(String value) {
            description = Objects.requireNonNull(value, "description");
            return this;
        }

        public Builder tag(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("tag key must not be blank, was " + (key == null ? "null" : "'" + key + "'"));
            }
            tags.put(key, Objects.requireNonNull(value, "value of tag " + key));
            return this;
        }

        /** Points {@code alias} at the new version once it is registered. */
        public Builder alias(String value) {
            aliases.add(RegistryNames.requireAlias(value));
            return this;
        }

        public ModelRegistration build() {
            return new ModelRegistration(this);
        }
    }
}
