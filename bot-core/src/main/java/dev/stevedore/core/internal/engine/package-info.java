/** The docker-java implementation of the engine port; the only package that imports docker-java. */
@NullMarked
package dev.stevedore.core.internal.engine;

import org.jspecify.annotations.NullMarked;
