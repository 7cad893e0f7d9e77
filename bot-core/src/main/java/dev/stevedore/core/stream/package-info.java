/** Live output that follows a reply: container logs, attach sessions. */
@NullMarked
package dev.stevedore.core.stream;

import org.jspecify.annotations.NullMarked;
