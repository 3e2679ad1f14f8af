/**
 * What every feature shares and that knows no feature: time and zones, Markdown rendered safely, safe links, the
 * error answers of pages and the API (problem details), flash messages, values kept for a while.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared kernel", allowedDependencies = {})
package org.hindsight.system;
