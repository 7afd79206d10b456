package org.dermaseg.app.gui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.dermaseg.inference.report.LesionReportPdf;

/** File &gt; Report…: asks where to save the current image's one-page PDF report, then writes it in the background. */
final class ReportAction {
    private ReportAction() {
    }

    static void pickAndWrite(Window owner, MainViewModel vm) {
        ImageSession s = vm.session();
        if (s == null || s.editor() == null) {
            vm.report(Problem.error("No segmented image", "a report describes the outlined lesion of an image",
                    "Open an image and wait for its outline."));
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the report of " + s.fileName());
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PDF", "*.pdf"));
        fc.setInitialFileName(LesionReportPdf.fileNameFor(s.fileName()));
        Path last = vm.settings().lastExportFolderProperty().get();
        Path dir = last != null && Files.isDirectory(last) ? last : s.path().getParent();
        if (dir != null && Files.isDirectory(dir)) {
            fc.setInitialDirectory(dir.toFile());
        }
        // the chooser itself asks before replacing an existing file
        File f = fc.showSaveDialog(owner);
        if (f != null) {
            vm.settings().lastExportFolderProperty().set(f.toPath().toAbsolutePath().getParent());
            vm.measurements().writeReport(f.toPath());
        }
    }
}
