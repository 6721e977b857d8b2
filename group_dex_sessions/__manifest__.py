{
    "name": "DEX Group Sessions",
    "version": "18.0.1.0.0",
    "category": "Services/DEX Sessions",
    "summary": "Plan group sessions in a calendar and report them to DSS DEX",
    "author": "group_dex_sessions developers",
    "website": "https://example.org/group_dex_sessions",
    "license": "LGPL-3",
    "depends": ["base", "mail", "calendar", "hr"],
    "external_dependencies": {"python": ["lxml", "python-dateutil"]},
    "data": [
        "security/group_dex_sessions_security.xml",
        "security/ir.model.access.csv",
        "data/dex.service.setting.csv",
        "data/dex.extra.item.csv",
        "data/dex_identifier_data.xml",
        "views/dex_config_views.xml",
        "views/dex_session_views.xml",
        "views/dex_session_recurrence_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "wizard/dex_session_create_views.xml",
        "wizard/dex_session_cancel_views.xml",
        "views/group_dex_sessions_menus.xml",
    ],
    "demo": [
        "demo/dex_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "group_dex_sessions/static/src/views/**/*",
        ],
        "web.assets_tests": [
            "group_dex_sessions/static/tests/tours/**/*",
        ],
    },
    "application": True,
    "installable": True,
}
