/** The command model: typed commands, their specs and catalog, and the docker-CLI parser. */
@NullMarked
package dev.stevedore.core.command;

import org.jspecify.annotations.NullMarked;
