/** Text helpers: terminal output cleaning, line assembly, CLI-style sizes and ages. */
@NullMarked
package dev.stevedore.core.internal.text;

import org.jspecify.annotations.NullMarked;
