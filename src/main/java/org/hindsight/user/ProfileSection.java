package org.hindsight.user;

import org.springframework.ui.Model;

/** A part of the profile page that another feature contributes (e.g. the calendar feed of action items). */
public interface ProfileSection {

    void populate(Model model, HindsightUser me);
}
