"""The main window and what runs behind it: menus, navigation, the status bar, automatic
backups, the crash hook and the second-instance handshake."""
