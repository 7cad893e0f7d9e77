/** Live streams over containers: logs -f, attach, run in the foreground. */
@NullMarked
package dev.stevedore.core.internal.stream;

import org.jspecify.annotations.NullMarked;
