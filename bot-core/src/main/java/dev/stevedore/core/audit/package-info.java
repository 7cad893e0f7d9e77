/** The audit log: who ran what, where, with what result. */
@NullMarked
package dev.stevedore.core.audit;

import org.jspecify.annotations.NullMarked;
