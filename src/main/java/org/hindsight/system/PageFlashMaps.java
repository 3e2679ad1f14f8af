package org.hindsight.system;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * Flash messages (post-redirect-get) live in the session, and Spring MVC looks for them on every request it
 * handles, so a signed-in browser's request for a stylesheet or script read the whole session from the database
 * for a message that is always meant for a page. Static assets skip the look-up; pages find their messages as before.
 */
@Component(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
class PageFlashMaps extends SessionFlashMapManager {

    @Override
    protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
        return StaticAssets.isAsset(request) ? null : super.retrieveFlashMaps(request);
    }
}
