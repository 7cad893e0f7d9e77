/** Identities, and the policy that decides who may run what, where (deny by default). */
@NullMarked
package dev.stevedore.core.auth;

import org.jspecify.annotations.NullMarked;
