/**
 * The postmortem report: Markdown export in the reference shape, HTML and PDF, import of existing postmortems.
 */
package org.hindsight.postmortem;
