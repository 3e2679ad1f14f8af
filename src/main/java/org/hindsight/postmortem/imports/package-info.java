/**
 * Import: an existing Markdown postmortem (pasted, uploaded or posted to the API) read into a draft incident
 * with its timeline and action items. {@link org.hindsight.postmortem.imports.ImportRequest} decodes, checks
 * and parses for both the page and the API; {@link org.hindsight.postmortem.imports.PostmortemParser} reads
 * the document; {@link org.hindsight.postmortem.imports.ImportService} creates the incident.
 */
package org.hindsight.postmortem.imports;
