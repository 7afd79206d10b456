package org.dermaseg.app.gui;

import org.testfx.util.WaitForAsyncUtils;

final class WaitForFx {
    private WaitForFx() {
    }

    static void events() {
        WaitForAsyncUtils.waitForFxEvents();
    }
}
