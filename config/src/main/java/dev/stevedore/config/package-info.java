/**
 * Stevedore's typed configuration: one YAML file plus environment variables, turned into immutable records.
 *
 * <p>{@link dev.stevedore.config.ConfigLoader} finds the file ({@code --config}, then {@code STEVEDORE_CONFIG}, then
 * {@code ./stevedore.yml}), replaces {@code ${VAR}} references from the environment, fills in the documented
 * defaults and checks every value. It reports <b>every</b> problem at once in a single
 * {@link dev.stevedore.config.ConfigException}, each with its key path, so a user fixes a file in one pass.
 * {@link dev.stevedore.config.StevedoreConfig} is the root of the result. Tokens are wrapped in
 * {@link dev.stevedore.config.Secret}, whose {@code toString()} never shows the value.
 *
 * <p>Every type here is immutable and safe to share between threads.
 */
@NullMarked
package dev.stevedore.config;

import org.jspecify.annotations.NullMarked;
