package org.releasegate.archive;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

import org.releasegate.data.FolderSnapshot;

/** An entry of a walk taken before ({@link FolderSnapshot}) as the attributes the packer reads of a folder's entry. */
record WalkedAttributes(FolderSnapshot.Entry entry) implements BasicFileAttributes {

    @Override
    public FileTime lastModifiedTime() {
        return entry.modified();
    }

    @Override
    public FileTime lastAccessTime() {
        return entry.modified();
    }

    @Override
    public FileTime creationTime() {
        return entry.modified();
    }

    @Override
    public boolean isRegularFile() {
        return entry.kind() == FolderSnapshot.Kind.FILE;
    }

    @Override
    public boolean isDirectory() {
        return entry.kind() == FolderSnapshot.Kind.DIRECTORY;
    }

    @Override
    public boolean isSymbolicLink() {
        return entry.kind() == FolderSnapshot.Kind.LINK;
    }

    @Override
    public boolean isOther() {
        return entry.kind() == FolderSnapshot.Kind.OTHER;
    }

    @Override
    public long size() {
        return entry.size();
    }

    @Override
    public Object fileKey() {
        return null;
    }
}
