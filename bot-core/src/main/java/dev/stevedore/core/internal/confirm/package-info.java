/** Pending confirmations of destructive commands: single-use, bound, expiring. */
@NullMarked
package dev.stevedore.core.internal.confirm;

import org.jspecify.annotations.NullMarked;
