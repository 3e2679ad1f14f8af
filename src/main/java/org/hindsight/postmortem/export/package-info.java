/**
 * Export: a postmortem as Markdown in the reference shape (or a team template), as HTML and as PDF, from the
 * incident page and the API. Reads through {@link org.hindsight.postmortem.PostmortemLoader} and renders with
 * the {@link org.hindsight.postmortem.templates templates}.
 */
package org.hindsight.postmortem.export;
