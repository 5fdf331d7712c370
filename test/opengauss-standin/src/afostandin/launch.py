"""Entry point of every stand-in executable: `launch(tool)` logs the call and runs the tool."""
import importlib
import sys

from .common import run_tool

MODULES = {
    "gs_preinstall": "tool_gs_preinstall", "gs_install": "tool_gs_install", "gs_om": "tool_gs_om",
    "gs_expansion": "tool_gs_expansion", "gs_dropnode": "tool_gs_dropnode", "gs_uninstall": "tool_gs_uninstall",
    "gs_sshexkey": "tool_gs_sshexkey", "gs_ctl": "tool_gs_ctl",
    "gsql": "tool_gsql", "gaussdb": "tool_gaussdb", "cm_install": "tool_cm_install", "cm_ctl": "tool_cm_ctl",
    "gs_standin_local": "local", "gs_standin_preinstall_local": "preinstall_local",
}


def launch(tool):
    if tool == "cm_server":
        from .cm import server_main
        sys.exit(server_main(sys.argv[1:], arbitrate=True))
    if tool == "om_monitor":
        from .cm import monitor_main
        run_tool(tool, monitor_main)
    mod = importlib.import_module("afostandin." + MODULES[tool])
    run_tool(tool, mod.main)
