// Generated from the Phoenix OpenAPI schema by tools/api-types/generate.mjs (npm run api-types).
// Do not edit: tests/frontend/test_api_types.py fails when this file and the API differ.

export interface paths {
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Api Keys
         * @description All API keys, without their secrets.
         */
        get: operations["list_api_keys_api_v1_api_keys_get"];
        put?: never;
        /**
         * Create Api Key
         * @description Create a key owned by the caller; the response is the only time the key is shown.
         */
        post: operations["create_api_key_api_v1_api_keys_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke Api Key
         * @description Revoke a key; it stops working at once.
         */
        delete: operations["revoke_api_key_api_v1_api_keys__key_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Login
         * @description Exchange a username and password for an access + refresh token pair.
         */
        post: operations["login_api_v1_auth_login_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Logout
         * @description Revoke the access token of this request and, if given, the refresh token.
         */
        post: operations["logout_api_v1_auth_logout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Me
         * @description Who the caller is and with which role.
         */
        get: operations["me_api_v1_auth_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refresh
         * @description Rotate a refresh token into a new token pair; the old refresh token stops working.
         */
        post: operations["refresh_api_v1_auth_refresh_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Token
         * @description OAuth2 password flow (form body), used by the API docs' Authorize button.
         */
        post: operations["token_api_v1_auth_token_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/control/deployments/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live Deployment Kpis
         * @description Each active deployment's latest live KPIs, sampled by the drift detector every reconcile
         *     interval (on the leader replica; empty until its first pass).
         */
        get: operations["live_deployment_kpis_api_v1_control_deployments_live_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/control/drift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Drift
         * @description Drift reports, newest first.
         */
        get: operations["list_drift_api_v1_control_drift_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/control/signals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Signals
         * @description Recent signals, newest first.
         */
        get: operations["list_signals_api_v1_control_signals_get"];
        put?: never;
        /**
         * Send Signal
         * @description Send a control signal; it is executed at once and stored with its outcome.
         */
        post: operations["send_signal_api_v1_control_signals_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/control/signals/{signal_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Signal
         * @description One signal and its outcome.
         */
        get: operations["get_signal_api_v1_control_signals__signal_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/control/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Control Status
         * @description The loop: jobs with last run, duration, next run and errors; the leader; the last reconcile.
         */
        get: operations["control_status_api_v1_control_status_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Deployments
         * @description Deployments, newest first.
         */
        get: operations["list_deployments_api_v1_deployments_get"];
        put?: never;
        /**
         * Create Deployment
         * @description Deploy a template or saved pipeline on a target; what ran there before is replaced.
         */
        post: operations["create_deployment_api_v1_deployments_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{deployment_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Deployment
         * @description One deployment with its config.
         */
        get: operations["get_deployment_api_v1_deployments__deployment_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Deployment
         * @description Remove a deployment; the reconciler stops it on the runtime.
         */
        delete: operations["delete_deployment_api_v1_deployments__deployment_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{deployment_id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause Deployment
         * @description Suspend an active deployment; the reconciler stops it on the runtime until it is resumed.
         */
        post: operations["pause_deployment_api_v1_deployments__deployment_id__pause_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{deployment_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume Deployment
         * @description Reactivate a suspended deployment; the reconciler runs it again.
         */
        post: operations["resume_deployment_api_v1_deployments__deployment_id__resume_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{deployment_id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rollback Deployment
         * @description Give the target back to the deployment this one replaced; this one is removed. 409 when nothing
         *     was replaced, or when another change of the deployment got there first.
         */
        post: operations["rollback_deployment_api_v1_deployments__deployment_id__rollback_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{deployment_id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Transitions
         * @description The deployment's status history (who changed it, when and why), oldest first.
         */
        get: operations["list_transitions_api_v1_deployments__deployment_id__transitions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Event Stream
         * @description Changes as they are committed, until the caller's token expires or is revoked (reconnect
         *     with a fresh one). Send the credential as a header (`Authorization` or `X-API-Key`).
         */
        get: operations["event_stream_api_v1_events_stream_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Experiments
         * @description Experiments, newest first, one page at a time.
         */
        get: operations["list_experiments_api_v1_experiments_get"];
        put?: never;
        /**
         * Create Experiment
         * @description Create a pending A/B experiment of a baseline and a candidate pipeline.
         */
        post: operations["create_experiment_api_v1_experiments_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/{experiment_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Experiment
         * @description One experiment.
         */
        get: operations["get_experiment_api_v1_experiments__experiment_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Experiment
         * @description Delete a finished (completed, failed or cancelled) experiment.
         */
        delete: operations["delete_experiment_api_v1_experiments__experiment_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Experiment
         * @description Change a pending experiment.
         */
        patch: operations["update_experiment_api_v1_experiments__experiment_id__patch"];
        trace?: never;
    };
    "/api/v1/experiments/{experiment_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Events
         * @description Timeline events other than phase changes.
         */
        get: operations["list_events_api_v1_experiments__experiment_id__events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/{experiment_id}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Promote Experiment
         * @description Make a completed experiment's variant the standing deployment of its target.
         */
        post: operations["promote_experiment_api_v1_experiments__experiment_id__promote_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/{experiment_id}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Results
         * @description The analysis: final once completed, provisional (on the samples so far) before.
         */
        get: operations["results_api_v1_experiments__experiment_id__results_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/{experiment_id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start Experiment
         * @description Start a pending experiment (it moves to `deploying`).
         */
        post: operations["start_experiment_api_v1_experiments__experiment_id__start_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/{experiment_id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop Experiment
         * @description Cancel an experiment in any non-terminal phase.
         */
        post: operations["stop_experiment_api_v1_experiments__experiment_id__stop_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/{experiment_id}/timeseries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Timeseries
         * @description Every stored sample of both variants, oldest first.
         */
        get: operations["timeseries_api_v1_experiments__experiment_id__timeseries_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/{experiment_id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Transitions
         * @description The phase history: every transition with its trigger and reason.
         */
        get: operations["list_transitions_api_v1_experiments__experiment_id__transitions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/{experiment_id}/variants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Variant Configs
         * @description Both variants' configs exactly as this run renders and runs them (frozen when it started
         *     deploying; a config change signal replaces them). 409 while the experiment is pending.
         */
        get: operations["variant_configs_api_v1_experiments__experiment_id__variants_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Pipelines
         * @description Saved custom pipelines, current versions.
         */
        get: operations["list_pipelines_api_v1_pipelines_get"];
        put?: never;
        /**
         * Create Pipeline
         * @description Save a custom pipeline from a builder graph or YAML (it must validate).
         */
        post: operations["create_pipeline_api_v1_pipelines_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/{pipeline_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Pipeline
         * @description A saved pipeline, at its current version or at `version`.
         */
        get: operations["get_pipeline_api_v1_pipelines__pipeline_id__get"];
        /**
         * Update Pipeline
         * @description Save a new version of a pipeline.
         */
        put: operations["update_pipeline_api_v1_pipelines__pipeline_id__put"];
        post?: never;
        /**
         * Delete Pipeline
         * @description Delete a pipeline unless an unfinished experiment uses it.
         */
        delete: operations["delete_pipeline_api_v1_pipelines__pipeline_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/{pipeline_id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Versions
         * @description Every version of a pipeline.
         */
        get: operations["list_versions_api_v1_pipelines__pipeline_id__versions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/components": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Components
         * @description Every receiver, processor, exporter and extension Phoenix knows, with its config JSON schema.
         */
        get: operations["list_components_api_v1_pipelines_components_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/critical-matches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Match Critical Processes
         * @description Which processes the critical patterns protect on a snapshot: per pattern, the executable names
         *     it matches (the rule the rendered configs use), and the patterns that match nothing.
         *
         *     The live host's process names need the operator role, as a live preview does.
         */
        post: operations["match_critical_processes_api_v1_pipelines_critical_matches_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export To Git
         * @description Commit a variant's manifests as a kustomization to the GitOps repository (PHOENIX_GITOPS_*).
         */
        post: operations["export_to_git_api_v1_pipelines_export_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/graph/from-yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Yaml To Builder Graph
         * @description The builder graph of a collector config (YAML import).
         */
        post: operations["yaml_to_builder_graph_api_v1_pipelines_graph_from_yaml_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/graph/to-yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Graph To Config
         * @description The collector YAML of a builder graph, with its validation report.
         */
        post: operations["graph_to_config_api_v1_pipelines_graph_to_yaml_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/manifests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Build Manifests
         * @description The Kubernetes objects (CR, ConfigMap, Service, DaemonSet) that would run a pipeline variant.
         */
        post: operations["build_manifests_api_v1_pipelines_manifests_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview Pipeline
         * @description What a pipeline would do to a snapshot: KPIs, cost, reduction, dropped and merged series.
         *
         *     A live snapshot shows this host's process command lines, so it needs the operator role.
         */
        post: operations["preview_pipeline_api_v1_pipelines_preview_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/render": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render
         * @description Render a template with parameters into a collector config.
         */
        post: operations["render_api_v1_pipelines_render_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Templates
         * @description The catalog of pipeline templates.
         */
        get: operations["list_templates_api_v1_pipelines_templates_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/templates/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Template
         * @description One template: parameters with defaults and bounds, their JSON schema, the default config.
         */
        get: operations["get_template_api_v1_pipelines_templates__name__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pipelines/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Validate
         * @description Validate a collector config in tiers; every issue has a code, a YAML path and line.
         */
        post: operations["validate_api_v1_pipelines_validate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/simulations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Simulations
         * @description Simulations of this Phoenix process, newest first, with live counts.
         */
        get: operations["list_simulations_api_v1_simulations_get"];
        put?: never;
        /**
         * Start Simulation
         * @description Start a simulation; it answers at once (status `starting`) while the processes are spawned.
         */
        post: operations["start_simulation_api_v1_simulations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/simulations/{simulation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Simulation
         * @description One simulation with live counts: active processes, started, exited, status.
         */
        get: operations["get_simulation_api_v1_simulations__simulation_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/simulations/{simulation_id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop Simulation
         * @description Stop a simulation; returns when its processes are gone (stopping a finished one is a no-op).
         */
        post: operations["stop_simulation_api_v1_simulations__simulation_id__stop_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/simulations/profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Profiles
         * @description The load profiles (the built-in ones, then `custom`) and the host's process cap.
         */
        get: operations["list_profiles_api_v1_simulations_profiles_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Users
         * @description All users.
         */
        get: operations["list_users_api_v1_users_get"];
        put?: never;
        /**
         * Create User
         * @description Create a user with a role.
         */
        post: operations["create_user_api_v1_users_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get User
         * @description One user.
         */
        get: operations["get_user_api_v1_users__user_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete User
         * @description Delete a user and their API keys.
         */
        delete: operations["delete_user_api_v1_users__user_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update User
         * @description Change a user's password, role or active flag.
         */
        patch: operations["update_user_api_v1_users__user_id__patch"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AnalysisMethod */
        AnalysisMethod: {
            /** Alpha */
            alpha: number;
            /**
             * Min Samples
             * @description samples per variant below which the verdict is inconclusive
             */
            min_samples: number;
            /** Test */
            test: string;
            /** Warmup Samples Excluded */
            warmup_samples_excluded: boolean;
        };
        /** ApiKeyCreate */
        ApiKeyCreate: {
            /** Name */
            name: string;
            /** @default operator */
            role: components["schemas"]["Role"];
        };
        /** ApiKeyCreated */
        ApiKeyCreated: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: number;
            /**
             * Key
             * @description the key itself; shown once, store it now
             */
            key: string;
            /** Last Used At */
            last_used_at: string | null;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            /** Revoked At */
            revoked_at: string | null;
            role: components["schemas"]["Role"];
            /** User Id */
            user_id: number;
        };
        /** ApiKeyRead */
        ApiKeyRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: number;
            /** Last Used At */
            last_used_at: string | null;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            /** Revoked At */
            revoked_at: string | null;
            role: components["schemas"]["Role"];
            /** User Id */
            user_id: number;
        };
        /** Body_token_api_v1_auth_token_post */
        Body_token_api_v1_auth_token_post: {
            /** Client Id */
            client_id?: string | null;
            /**
             * Client Secret
             * Format: password
             */
            client_secret?: string | null;
            /** Grant Type */
            grant_type?: string | null;
            /**
             * Password
             * Format: password
             */
            password: string;
            /**
             * Scope
             * @default
             */
            scope: string;
            /** Username */
            username: string;
        };
        /** Comparison */
        Comparison: {
            /** Annual Savings Usd */
            annual_savings_usd: number;
            /** Candidate Min Critical Retention */
            candidate_min_critical_retention: number | null;
            /**
             * Cardinality Reduction
             * @description 1 - candidate / baseline mean output series
             */
            cardinality_reduction: number | null;
            /**
             * Cost Reduction
             * @description 1 - candidate / baseline monthly cost
             */
            cost_reduction: number | null;
            /**
             * Cpu Overhead
             * @description candidate - baseline collector CPU cores (0.05 = 5% of a core)
             */
            cpu_overhead: number | null;
            /**
             * Memory Overhead
             * @description relative increase of the candidate collector's peak memory
             */
            memory_overhead: number | null;
            /** Monthly Savings Usd */
            monthly_savings_usd: number;
            output_series_test: components["schemas"]["WelchTestRead"];
            /**
             * Samples
             * @description samples counted after warm-up, by variant
             */
            samples: {
                [key: string]: number;
            };
        };
        /**
         * ComponentRead
         * @description One palette entry (`app.engine.registry.ComponentSpec.palette_entry`).
         */
        ComponentRead: {
            /**
             * Aliases
             * @description earlier type names the pinned collector still accepts (deprecated)
             */
            aliases: string[];
            /** Description */
            description: string;
            /**
             * Docs
             * @description path of its README in the collector repositories
             */
            docs: string;
            /**
             * Example
             * @description a working config of the component
             */
            example: {
                [key: string]: unknown;
            };
            /**
             * Kind
             * @enum {string}
             */
            kind: "receiver" | "processor" | "exporter" | "extension";
            /**
             * Schema
             * @description JSON schema of its config, for builder forms
             */
            schema: {
                [key: string]: unknown;
            };
            /**
             * Signals
             * @description the signals (traces, metrics, logs) it handles
             */
            signals: string[];
            /** Type */
            type: string;
        };
        /** ControlStatus */
        ControlStatus: {
            /** Drift Auto Remediate */
            drift_auto_remediate: boolean;
            /** @description null before the first reconcile tick */
            last_reconcile: components["schemas"]["ReconcileReport"] | null;
            leader: components["schemas"]["LeaderRead"];
            /** Open Drift Reports */
            open_drift_reports: number;
            /** Runtime */
            runtime: string;
            scheduler: components["schemas"]["SchedulerStatus"];
        };
        /**
         * CostAssumptions
         * @description The pricing and volume assumptions behind a cost figure (`app.engine.cost`).
         */
        CostAssumptions: {
            /**
             * Bytes
             * @description what the byte volume measures
             */
            bytes: string;
            /** Bytes Per Gb */
            bytes_per_gb: number;
            /** Hosts */
            hosts: number;
            /** Hours Per Month */
            hours_per_month: number;
            /** Usd Per Gb Ingested */
            usd_per_gb_ingested: number;
            /** Usd Per Million Data Points */
            usd_per_million_data_points: number;
            /**
             * Volume
             * @description how the hourly volume is extrapolated
             */
            volume: string;
        };
        /**
         * CostRead
         * @description `app.engine.cost.CostEstimate`: the backend cost of a variant's output.
         */
        CostRead: {
            assumptions: components["schemas"]["CostAssumptions"];
            /**
             * Data Points Hourly Usd
             * @description the share billed by data points
             */
            data_points_hourly_usd: number;
            /** Gb Per Hour */
            gb_per_hour: number;
            /** Hourly Usd */
            hourly_usd: number;
            /**
             * Ingest Hourly Usd
             * @description the share billed by volume ingested
             */
            ingest_hourly_usd: number;
            /** Million Data Points Per Hour */
            million_data_points_per_hour: number;
            /** Monthly Usd */
            monthly_usd: number;
        };
        /** CriticalMatchesRead */
        CriticalMatchesRead: {
            /**
             * Critical Processes
             * @description processes at least one pattern matches
             */
            critical_processes: number;
            /** Host */
            host: string;
            /** Patterns */
            patterns: components["schemas"]["PatternMatches"][];
            /** Snapshot Source */
            snapshot_source: string;
            /** Total Processes */
            total_processes: number;
            /**
             * Unmatched Patterns
             * @description patterns that match no process here (a typo?)
             */
            unmatched_patterns: string[];
        };
        /** CriticalMatchesRequest */
        CriticalMatchesRequest: {
            /**
             * Critical Processes
             * @description RE2 patterns searched in process.executable.name, as the rendered OTTL IsMatch does: unanchored, so '^postgres' also matches 'postgres15' and 'nginx' matches 'nginx-exporter'; write '^nginx$' for the whole name. Matching processes are never dropped or merged. Patterns the collector's Go regexp refuses are refused (422).
             * @default [
             *       "^postgres$",
             *       "^mysqld$",
             *       "^mariadbd$",
             *       "^mongod$",
             *       "^redis-server$",
             *       "^memcached$",
             *       "^nginx$",
             *       "^httpd$",
             *       "^apache2$",
             *       "^haproxy$",
             *       "^envoy$",
             *       "^java$",
             *       "^node$",
             *       "^python[0-9.]*$",
             *       "^ruby$",
             *       "^php-fpm.*$",
             *       "^kubelet$",
             *       "^containerd$",
             *       "^containerd-shim.*$",
             *       "^dockerd$",
             *       "^crio$",
             *       "^etcd$",
             *       "^sshd$",
             *       "^systemd$"
             *     ]
             */
            critical_processes: string[];
            /** Snapshot */
            snapshot?: components["schemas"]["LiveSnapshot"] | components["schemas"]["SimulatedSnapshot"];
        };
        /** CustomPipelineCreate */
        CustomPipelineCreate: {
            /** Config Yaml */
            config_yaml?: string | null;
            /**
             * Description
             * @default
             */
            description: string;
            graph?: components["schemas"]["PipelineGraph"] | null;
            /** Name */
            name: string;
        };
        /** CustomPipelineRead */
        CustomPipelineRead: {
            /** Config Yaml */
            config_yaml: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string;
            /** Description */
            description: string;
            graph: components["schemas"]["PipelineGraph"];
            /** Id */
            id: string;
            /** Name */
            name: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            validation: components["schemas"]["ValidationRead"];
            /** Version */
            version: number;
        };
        /** CustomPipelineUpdate */
        CustomPipelineUpdate: {
            /** Config Yaml */
            config_yaml?: string | null;
            /** Description */
            description?: string | null;
            graph?: components["schemas"]["PipelineGraph"] | null;
            /**
             * Version
             * @description the version you edited; a newer one on the server is a 409
             */
            version: number;
        };
        /** CustomPipelineVersionRead */
        CustomPipelineVersionRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string;
            /** Version */
            version: number;
        };
        /**
         * DeploymentChangeRequest
         * @description Why an operator pauses, resumes or rolls back a deployment (recorded with the transition).
         */
        DeploymentChangeRequest: {
            /**
             * Reason
             * @default
             */
            reason: string;
        };
        /** DeploymentCreate */
        DeploymentCreate: {
            /**
             * Critical Processes
             * @description RE2 patterns searched in process.executable.name, as the rendered OTTL IsMatch does: unanchored, so '^postgres' also matches 'postgres15' and 'nginx' matches 'nginx-exporter'; write '^nginx$' for the whole name. Matching processes are never dropped or merged. Patterns the collector's Go regexp refuses are refused (422).
             * @default [
             *       "^postgres$",
             *       "^mysqld$",
             *       "^mariadbd$",
             *       "^mongod$",
             *       "^redis-server$",
             *       "^memcached$",
             *       "^nginx$",
             *       "^httpd$",
             *       "^apache2$",
             *       "^haproxy$",
             *       "^envoy$",
             *       "^java$",
             *       "^node$",
             *       "^python[0-9.]*$",
             *       "^ruby$",
             *       "^php-fpm.*$",
             *       "^kubelet$",
             *       "^containerd$",
             *       "^containerd-shim.*$",
             *       "^dockerd$",
             *       "^crio$",
             *       "^etcd$",
             *       "^sshd$",
             *       "^systemd$"
             *     ]
             */
            critical_processes: string[];
            /** Name */
            name: string;
            pipeline: components["schemas"]["VariantSource"];
            target?: components["schemas"]["Target"];
        };
        /** DeploymentDetail */
        DeploymentDetail: {
            /**
             * Allowed Transitions
             * @description Statuses this deployment may move to next (see `app.deployments.states`).
             */
            readonly allowed_transitions: components["schemas"]["DeploymentStatus"][];
            /** Config Hash */
            config_hash: string;
            /** Config Yaml */
            config_yaml: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string;
            /** Critical Processes */
            critical_processes: string[];
            /** Id */
            id: string;
            /** Name */
            name: string;
            /** Source */
            source: {
                [key: string]: unknown;
            };
            /** Source Experiment Id */
            source_experiment_id: string | null;
            status: components["schemas"]["DeploymentStatus"];
            target: components["schemas"]["Target"];
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
        };
        /**
         * DeploymentLiveRead
         * @description The latest live sample of one active deployment: what it does now, as the drift detector
         *     measured it (every reconcile interval, on the leader).
         */
        DeploymentLiveRead: {
            /**
             * Collector Cpu Cores
             * @default 0
             */
            collector_cpu_cores: number;
            /** Collector Peak Memory Bytes */
            collector_peak_memory_bytes?: number | null;
            /** Cpu Fidelity Error */
            cpu_fidelity_error?: number | null;
            /** Critical Processes In Output */
            critical_processes_in_output: number;
            /** Critical Processes On Host */
            critical_processes_on_host: number;
            /** Critical Retention */
            critical_retention: number;
            /** Deployment Id */
            deployment_id: string;
            /** Deployment Name */
            deployment_name: string;
            /** Estimated Bytes Per Minute */
            estimated_bytes_per_minute: number;
            /**
             * Input Processes
             * @default 0
             */
            input_processes: number;
            /** Input Series */
            input_series: number;
            /**
             * Measured By
             * @description collector binary or `embedded engine`; null for samples stored before it was recorded
             */
            measured_by?: string | null;
            /** Memory Fidelity Error */
            memory_fidelity_error?: number | null;
            /** Output Data Points Per Minute */
            output_data_points_per_minute: number;
            /** Output Series */
            output_series: number;
            /**
             * Taken At
             * Format: date-time
             */
            taken_at: string;
        };
        /** DeploymentRead */
        DeploymentRead: {
            /**
             * Allowed Transitions
             * @description Statuses this deployment may move to next (see `app.deployments.states`).
             */
            readonly allowed_transitions: components["schemas"]["DeploymentStatus"][];
            /** Config Hash */
            config_hash: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string;
            /** Critical Processes */
            critical_processes: string[];
            /** Id */
            id: string;
            /** Name */
            name: string;
            /** Source */
            source: {
                [key: string]: unknown;
            };
            /** Source Experiment Id */
            source_experiment_id: string | null;
            status: components["schemas"]["DeploymentStatus"];
            target: components["schemas"]["Target"];
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
        };
        /**
         * DeploymentStatus
         * @enum {string}
         */
        DeploymentStatus: "active" | "suspended" | "replaced" | "removed";
        /** DeploymentTransitionRead */
        DeploymentTransitionRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            from_status: components["schemas"]["DeploymentStatus"] | null;
            /** Reason */
            reason: string;
            to_status: components["schemas"]["DeploymentStatus"];
            /** Trigger */
            trigger: string;
        };
        /** DriftReportRead */
        DriftReportRead: {
            /** Deployment Id */
            deployment_id: string | null;
            /**
             * Detected At
             * Format: date-time
             */
            detected_at: string;
            /** Experiment Id */
            experiment_id: string | null;
            /** Id */
            id: number;
            /** Kind */
            kind: string;
            /** Metrics */
            metrics: {
                [key: string]: unknown;
            };
            /** Recommended Action */
            recommended_action: string;
            /** Remediated */
            remediated: boolean;
            /** Resolved At */
            resolved_at: string | null;
            /** Score */
            score: number;
            /** Subject */
            subject: string;
        };
        /** DroppedSeries */
        DroppedSeries: {
            /** Attributes */
            attributes: {
                [key: string]: unknown;
            };
            /** Metric */
            metric: string;
            /**
             * Resource
             * @description the identifying resource attributes
             */
            resource: {
                [key: string]: unknown;
            };
        };
        /**
         * EventKind
         * @enum {string}
         */
        EventKind: "configs_rendered" | "simulation_started" | "simulation_failed" | "variants_reapplied" | "reconcile_error" | "cleaned_up" | "updated" | "promoted" | "paused" | "resumed" | "config_updated" | "retargeted";
        /** EventRead */
        EventRead: {
            /** Actor */
            actor: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Data */
            data: {
                [key: string]: unknown;
            };
            kind: components["schemas"]["EventKind"];
            /** Message */
            message: string;
        };
        /** ExperimentCreate */
        ExperimentCreate: {
            /**
             * Auto Promote
             * @default false
             */
            auto_promote: boolean;
            baseline: components["schemas"]["VariantSource"];
            candidate: components["schemas"]["VariantSource"];
            /**
             * Critical Processes
             * @description RE2 patterns searched in process.executable.name, as the rendered OTTL IsMatch does: unanchored, so '^postgres' also matches 'postgres15' and 'nginx' matches 'nginx-exporter'; write '^nginx$' for the whole name. Matching processes are never dropped or merged. Patterns the collector's Go regexp refuses are refused (422).
             * @default [
             *       "^postgres$",
             *       "^mysqld$",
             *       "^mariadbd$",
             *       "^mongod$",
             *       "^redis-server$",
             *       "^memcached$",
             *       "^nginx$",
             *       "^httpd$",
             *       "^apache2$",
             *       "^haproxy$",
             *       "^envoy$",
             *       "^java$",
             *       "^node$",
             *       "^python[0-9.]*$",
             *       "^ruby$",
             *       "^php-fpm.*$",
             *       "^kubelet$",
             *       "^containerd$",
             *       "^containerd-shim.*$",
             *       "^dockerd$",
             *       "^crio$",
             *       "^etcd$",
             *       "^sshd$",
             *       "^systemd$"
             *     ]
             */
            critical_processes: string[];
            /**
             * Description
             * @default
             */
            description: string;
            /**
             * Duration
             * @description e.g. '30m' or seconds
             * @default 1800
             */
            duration: number;
            load_profile?: components["schemas"]["LoadProfile"] | null;
            /**
             * Name
             * @example topk-vs-baseline
             */
            name: string;
            /** @description backend prices for the cost figures; default: the server's (PHOENIX_PRICE_*) */
            pricing?: components["schemas"]["Pricing"] | null;
            success_criteria?: components["schemas"]["SuccessCriteria"];
            target?: components["schemas"]["Target"];
            /**
             * Warmup
             * @description e.g. '1m' or seconds
             * @default 60
             */
            warmup: number;
        };
        /** ExperimentPage */
        ExperimentPage: {
            /** Items */
            items: components["schemas"]["ExperimentRead"][];
            /**
             * Next Cursor
             * @description pass as `cursor` for the next page; null on the last page
             */
            next_cursor: string | null;
        };
        /** ExperimentRead */
        ExperimentRead: {
            /** Allowed Transitions */
            allowed_transitions?: components["schemas"]["Phase"][];
            /** Auto Promote */
            auto_promote: boolean;
            /** Baseline */
            baseline: {
                [key: string]: unknown;
            };
            /** Candidate */
            candidate: {
                [key: string]: unknown;
            };
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string;
            /** Critical Processes */
            critical_processes: string[];
            /** Description */
            description: string;
            /** Duration Seconds */
            duration_seconds: number;
            /** Finished At */
            finished_at: string | null;
            /** Id */
            id: string;
            /** Load Profile */
            load_profile: {
                [key: string]: unknown;
            } | null;
            /** Name */
            name: string;
            /** Paused At */
            paused_at: string | null;
            phase: components["schemas"]["Phase"];
            pricing: components["schemas"]["Pricing"];
            /** Promoted Variant */
            promoted_variant: string | null;
            /** Running At */
            running_at: string | null;
            /** Simulation Id */
            simulation_id: string | null;
            /** Started At */
            started_at: string | null;
            /** Success Criteria */
            success_criteria: {
                [key: string]: unknown;
            };
            target: components["schemas"]["Target"];
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Verdict */
            verdict: string | null;
            /** Version */
            version: number;
            /** Warmup Seconds */
            warmup_seconds: number;
        };
        /**
         * ExperimentResults
         * @description An experiment's analysis; `final` comes first, as the service returns it (the last base's fields lead).
         */
        ExperimentResults: {
            comparison: components["schemas"]["Comparison"];
            cost_assumptions: components["schemas"]["CostAssumptions"];
            /**
             * Criteria
             * @description the experiment's success criteria the verdict was decided on
             */
            criteria: {
                [key: string]: unknown;
            };
            /**
             * Final
             * @description true: the stored analysis of a completed run; false: provisional, on the samples so far
             */
            final: boolean;
            /**
             * Measured By
             * @description distinct measurers of both variants; absent from results stored before Phoenix recorded it
             */
            measured_by?: string[];
            method: components["schemas"]["AnalysisMethod"];
            /** Reasons */
            reasons: string[];
            /**
             * Variants
             * @description `baseline` and `candidate`
             */
            variants: {
                [key: string]: components["schemas"]["VariantResults"];
            };
            verdict: components["schemas"]["Verdict"];
        };
        /**
         * ExperimentUpdate
         * @description Fields that may change while the experiment is pending; `version` guards against lost updates.
         */
        ExperimentUpdate: {
            /** Auto Promote */
            auto_promote?: boolean | null;
            baseline?: components["schemas"]["VariantSource"] | null;
            candidate?: components["schemas"]["VariantSource"] | null;
            /** Critical Processes */
            critical_processes?: string[] | null;
            /** Description */
            description?: string | null;
            /** Duration */
            duration?: number | null;
            load_profile?: components["schemas"]["LoadProfile"] | null;
            pricing?: components["schemas"]["Pricing"] | null;
            success_criteria?: components["schemas"]["SuccessCriteria"] | null;
            target?: components["schemas"]["Target"] | null;
            /**
             * Version
             * @description expected current version
             */
            version?: number | null;
            /** Warmup */
            warmup?: number | null;
        };
        /**
         * FrozenVariant
         * @description One variant of a run as rendered when it started deploying, and the hash Phoenix last applied.
         */
        FrozenVariant: {
            /** Applied Hash */
            applied_hash?: string | null;
            /** Config Yaml */
            config_yaml: string;
            /** Parameters */
            parameters: {
                [key: string]: unknown;
            };
            /** Template */
            template: string;
        };
        /**
         * FrozenVariants
         * @description Both variants of a run, rendered once and then frozen: a restart or a catalog change cannot alter a run.
         */
        FrozenVariants: {
            baseline: components["schemas"]["FrozenVariant"];
            candidate: components["schemas"]["FrozenVariant"];
        };
        /** GitOpsExportRead */
        GitOpsExportRead: {
            /** Branch */
            branch: string;
            /**
             * Commit Id
             * @description commit the branch points at after the export
             */
            commit_id: string | null;
            /**
             * Created
             * @description false when identical manifests were already committed
             */
            created: boolean;
            /** Folder */
            folder: string;
            /** Paths */
            paths: string[];
            /** Pushed */
            pushed: boolean;
        };
        /** GraphEdge */
        GraphEdge: {
            /**
             * Pipeline
             * @default metrics
             */
            pipeline: string;
            /** Source */
            source: string;
            /** Target */
            target: string;
        };
        /** GraphNode */
        GraphNode: {
            /** Config */
            config?: {
                [key: string]: unknown;
            } | null;
            /**
             * Id
             * @description component id: `type` or `type/name`
             */
            id: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "receiver" | "processor" | "exporter" | "extension" | "connector";
            position?: components["schemas"]["Position"];
        };
        /** GraphToYamlRead */
        GraphToYamlRead: {
            /** Config Yaml */
            config_yaml: string;
            validation: components["schemas"]["ValidationRead"];
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** InlineSnapshot */
        InlineSnapshot: {
            /**
             * Data
             * @description a Phoenix snapshot: {'host', 'metrics': <OTLP-JSON>, ...}
             */
            data: {
                [key: string]: unknown;
            };
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "inline";
        };
        /** IssueRead */
        IssueRead: {
            /**
             * Code
             * @description Stable identifier of the finding, e.g. `schema.unknown_key`, `policy.batch_last`; every code is listed with an example in docs/validation.md. `policy.*` findings are warnings unless `strict`
             * @default
             */
            code: string;
            /**
             * Column
             * @description 1-based column inside the OTTL statement or condition the finding points into
             */
            column?: number | null;
            /**
             * Hint
             * @description How to fix it, in one sentence (empty when the message says it)
             * @default
             */
            hint: string;
            /** Line */
            line: number | null;
            /** Message */
            message: string;
            /** Path */
            path: string;
            /**
             * Refused By
             * @description `collector`: the pinned collector would not load the config; `phoenix`: it loads, but breaks a Phoenix policy or would not do what a process pipeline should
             */
            refused_by: string;
            /** Severity */
            severity: string;
            /** Tier */
            tier: string;
        };
        /**
         * JobStatus
         * @description One periodic job of the scheduler (`app.core.scheduler.Scheduler.status`).
         */
        JobStatus: {
            /** Errors */
            errors: number;
            /** Last Duration Seconds */
            last_duration_seconds: number | null;
            /** Last Error */
            last_error: string | null;
            /**
             * Last Run
             * @description ISO 8601; null before its first run
             */
            last_run: string | null;
            /**
             * Next Run
             * @description ISO 8601; null while the job is paused
             */
            next_run: string | null;
            /** Runs */
            runs: number;
        };
        /**
         * KpiSummary
         * @description `app.analysis.statistics.Summary`: the statistics of one KPI over a variant's counted samples.
         */
        KpiSummary: {
            /**
             * Ci95 High
             * @description upper bound of the t-based 95% confidence interval of the mean
             */
            ci95_high: number | null;
            /**
             * Ci95 Low
             * @description lower bound of the t-based 95% confidence interval of the mean
             */
            ci95_low: number | null;
            /** Max */
            max: number | null;
            /** Mean */
            mean: number | null;
            /** Min */
            min: number | null;
            /**
             * N
             * @description samples with a recorded value
             */
            n: number;
            /**
             * Std
             * @description sample standard deviation; null below two samples
             */
            std: number | null;
        };
        /** LeaderRead */
        LeaderRead: {
            /** Identity */
            identity: string;
            /**
             * Is Leader
             * @description this process holds the leader lock and runs the control loop's jobs
             */
            is_leader: boolean;
        };
        /** LiveSnapshot */
        LiveSnapshot: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "live";
        };
        /** LoadProfile */
        LoadProfile: {
            /** Churn Rate */
            churn_rate?: number | null;
            /**
             * Custom
             * @description the custom profile's definition
             */
            custom?: {
                [key: string]: unknown;
            } | null;
            /** Duration */
            duration?: number | null;
            /** Process Count */
            process_count?: number | null;
            /**
             * Profile
             * @enum {string}
             */
            profile: "realistic" | "high-cardinality" | "high-churn" | "custom";
            /** Seed */
            seed?: number | null;
        };
        /** LoginRequest */
        LoginRequest: {
            /** Password */
            password: string;
            /** Username */
            username: string;
        };
        /** LogoutRequest */
        LogoutRequest: {
            /** Refresh Token */
            refresh_token?: string | null;
        };
        /** LostCriticalProcess */
        LostCriticalProcess: {
            /** Name */
            name: string;
            /** Pid */
            pid: number;
        };
        /** ManifestsRead */
        ManifestsRead: {
            /** Config Hash */
            config_hash: string;
            /** Objects */
            objects: {
                [key: string]: unknown;
            }[];
            /**
             * Yaml
             * @description all objects as one multi-document YAML, in apply order
             */
            yaml: string;
        };
        /** ManifestsRequest */
        ManifestsRequest: {
            /** Config Yaml */
            config_yaml?: string | null;
            /** Experiment */
            experiment: string;
            /** Parameters */
            parameters?: {
                [key: string]: unknown;
            };
            /** Pipeline Id */
            pipeline_id?: string | null;
            target?: components["schemas"]["Target"];
            /**
             * Template
             * @example process-topk-v1
             */
            template?: string | null;
            /**
             * Variant
             * @default candidate
             */
            variant: string;
        };
        /** Me */
        Me: {
            /**
             * Auth
             * @description how this request authenticated: bearer or api_key
             */
            auth: string;
            /** Id */
            id: number;
            role: components["schemas"]["Role"];
            /** Username */
            username: string;
        };
        /** MergedSeries */
        MergedSeries: {
            /** Attributes */
            attributes: {
                [key: string]: unknown;
            };
            /**
             * Group
             * @description the group the series was merged into
             */
            group: unknown;
            /** Metric */
            metric: string;
            /**
             * Resource
             * @description the identifying resource attributes
             */
            resource: {
                [key: string]: unknown;
            };
            /** Value */
            value: number | null;
        };
        /** NameCount */
        NameCount: {
            /** Name */
            name: string;
            /** Processes */
            processes: number;
        };
        /** PaletteRead */
        PaletteRead: {
            /**
             * Collector Version
             * @description the opentelemetry-collector-contrib release the palette follows
             */
            collector_version: string;
            /** Components */
            components: components["schemas"]["ComponentRead"][];
        };
        /** PatternMatches */
        PatternMatches: {
            /**
             * Names
             * @description the names it matches, most processes first (at most 50)
             */
            names: components["schemas"]["NameCount"][];
            /** Pattern */
            pattern: string;
            /**
             * Processes
             * @description processes whose executable name this pattern matches
             */
            processes: number;
        };
        /**
         * Phase
         * @enum {string}
         */
        Phase: "pending" | "deploying" | "running" | "analyzing" | "completed" | "failed" | "cancelled";
        /** PipelineGraph */
        PipelineGraph: {
            /** Edges */
            edges?: components["schemas"]["GraphEdge"][];
            /** Nodes */
            nodes?: components["schemas"]["GraphNode"][];
            /**
             * Service
             * @description service settings other than pipelines and extensions (e.g. telemetry)
             */
            service?: {
                [key: string]: unknown;
            };
        };
        /**
         * PipelineSource
         * @description Where a config comes from: a catalog template, a saved pipeline, or YAML as is.
         */
        PipelineSource: {
            /** Config Yaml */
            config_yaml?: string | null;
            /** Parameters */
            parameters?: {
                [key: string]: unknown;
            };
            /** Pipeline Id */
            pipeline_id?: string | null;
            /**
             * Template
             * @example process-topk-v1
             */
            template?: string | null;
        };
        /** Position */
        Position: {
            /**
             * X
             * @default 0
             */
            x: number;
            /**
             * Y
             * @default 0
             */
            y: number;
        };
        /** PreviewRead */
        PreviewRead: {
            /** Cardinality Reduction */
            cardinality_reduction: number | null;
            cost: components["schemas"]["CostRead"];
            /** Errors */
            errors: string[];
            kpis: components["schemas"]["VariantKpis"];
            /**
             * Measured By
             * @description what produced the figures: a preview always runs in the embedded engine
             */
            measured_by: string;
            /**
             * Reduction Basis
             * @description what the reduction is measured against
             */
            reduction_basis: string;
            series: components["schemas"]["SeriesSampleRead"];
            snapshot: components["schemas"]["PreviewSnapshotRead"];
            /** Warnings */
            warnings: string[];
        };
        /** PreviewRequest */
        PreviewRequest: {
            /** @description compare against this pipeline; default: every series of the snapshot */
            baseline?: components["schemas"]["PipelineSource"] | null;
            /** Config Yaml */
            config_yaml?: string | null;
            /**
             * Critical Processes
             * @description RE2 patterns searched in process.executable.name, as the rendered OTTL IsMatch does: unanchored, so '^postgres' also matches 'postgres15' and 'nginx' matches 'nginx-exporter'; write '^nginx$' for the whole name. Matching processes are never dropped or merged. Patterns the collector's Go regexp refuses are refused (422).
             * @default [
             *       "^postgres$",
             *       "^mysqld$",
             *       "^mariadbd$",
             *       "^mongod$",
             *       "^redis-server$",
             *       "^memcached$",
             *       "^nginx$",
             *       "^httpd$",
             *       "^apache2$",
             *       "^haproxy$",
             *       "^envoy$",
             *       "^java$",
             *       "^node$",
             *       "^python[0-9.]*$",
             *       "^ruby$",
             *       "^php-fpm.*$",
             *       "^kubelet$",
             *       "^containerd$",
             *       "^containerd-shim.*$",
             *       "^dockerd$",
             *       "^crio$",
             *       "^etcd$",
             *       "^sshd$",
             *       "^systemd$"
             *     ]
             */
            critical_processes: string[];
            /** Parameters */
            parameters?: {
                [key: string]: unknown;
            };
            /** Pipeline Id */
            pipeline_id?: string | null;
            /** @description backend prices for the cost estimate; default: the server's (PHOENIX_PRICE_*) */
            pricing?: components["schemas"]["Pricing"] | null;
            /**
             * Sample Limit
             * @default 20
             */
            sample_limit: number;
            /** Snapshot */
            snapshot?: components["schemas"]["LiveSnapshot"] | components["schemas"]["SimulatedSnapshot"] | components["schemas"]["InlineSnapshot"];
            /**
             * Template
             * @example process-topk-v1
             */
            template?: string | null;
        };
        /** PreviewSnapshotRead */
        PreviewSnapshotRead: {
            /** Host */
            host: string;
            /** Processes */
            processes: number;
            /**
             * Source
             * @enum {string}
             */
            source: "live" | "synthetic" | "file";
            /**
             * Taken At
             * @description Unix seconds
             */
            taken_at: number;
        };
        /** Pricing */
        Pricing: {
            /**
             * Usd Per Gb Ingested
             * @description USD per GB (10^9 bytes of OTLP/protobuf) ingested
             * @default 0.3
             */
            usd_per_gb_ingested: number;
            /**
             * Usd Per Million Data Points
             * @description USD per million data points ingested
             * @default 0.1
             */
            usd_per_million_data_points: number;
        };
        /** ProfileGroupRead */
        ProfileGroupRead: {
            /** Command */
            command: string;
            /** Count */
            count: number | null;
            /** Cpu */
            cpu: string;
            /** Label */
            label: string;
            /** Memory */
            memory: string;
            /** Name */
            name: string;
            /** Owner */
            owner: string;
            /** Role */
            role: string;
            /** Weight */
            weight: number | null;
        };
        /** ProfileRead */
        ProfileRead: {
            /** Churn Rate */
            churn_rate: number | null;
            /** Churn Rate Range */
            churn_rate_range: [
                number,
                number
            ];
            /** Description */
            description: string;
            /** Duration */
            duration: number | null;
            /** Groups */
            groups: components["schemas"]["ProfileGroupRead"][];
            /** Name */
            name: string;
            /** Process Count */
            process_count: number | null;
            /** Process Count Range */
            process_count_range: [
                number,
                number
            ];
            /** Seed */
            seed: number | null;
        };
        /** ProfilesRead */
        ProfilesRead: {
            /**
             * Host Cap
             * @description simulated processes allowed on this host at once, all simulations
             */
            host_cap: number;
            /**
             * In Use
             * @description processes reserved by running simulations on this host
             */
            in_use: number;
            /** Profiles */
            profiles: components["schemas"]["ProfileRead"][];
        };
        /** PromoteRequest */
        PromoteRequest: {
            /**
             * Variant
             * @enum {string}
             */
            variant: "baseline" | "candidate";
        };
        /**
         * ReconcileReport
         * @description `app.experiments.reconciler.TickReport`: what the last reconcile tick did.
         */
        ReconcileReport: {
            /**
             * Deployments
             * @description deployments reconciled
             */
            deployments: number;
            /** Errors */
            errors: string[];
            /**
             * Experiments
             * @description experiments reconciled
             */
            experiments: number;
            /**
             * Leader
             * @description false: this process was not the leader and did nothing
             */
            leader: boolean;
            /** Seconds */
            seconds: number;
        };
        /** RefreshRequest */
        RefreshRequest: {
            /** Refresh Token */
            refresh_token: string;
        };
        /** RenderRead */
        RenderRead: {
            /** Config Yaml */
            config_yaml: string;
            /**
             * Parameters
             * @description every parameter, defaults filled in
             */
            parameters: {
                [key: string]: unknown;
            };
            /** Warnings */
            warnings: string[];
        };
        /** RenderRequest */
        RenderRequest: {
            /** Parameters */
            parameters?: {
                [key: string]: unknown;
            };
            /** Template */
            template: string;
        };
        /**
         * Role
         * @enum {string}
         */
        Role: "viewer" | "operator" | "admin";
        /**
         * RollbackRead
         * @description The outcome of a rollback: the deployment restored on the target and the one it removed.
         */
        RollbackRead: {
            removed: components["schemas"]["DeploymentRead"];
            restored: components["schemas"]["DeploymentRead"];
        };
        /**
         * SampleRead
         * @description One stored sample: when, whether in warm-up, and the KPIs of `VariantKpisBase`.
         */
        SampleRead: {
            /**
             * Collector Cpu Cores
             * @default 0
             */
            collector_cpu_cores: number;
            /** Collector Peak Memory Bytes */
            collector_peak_memory_bytes: number | null;
            /** Cpu Fidelity Error */
            cpu_fidelity_error: number | null;
            /** Critical Processes In Output */
            critical_processes_in_output: number;
            /** Critical Processes On Host */
            critical_processes_on_host: number;
            /** Critical Retention */
            critical_retention: number;
            /** Estimated Bytes Per Minute */
            estimated_bytes_per_minute: number;
            /**
             * Input Processes
             * @default 0
             */
            input_processes: number;
            /** Input Series */
            input_series: number;
            /**
             * Measured By
             * @description collector binary or `embedded engine`; null for samples stored before it was recorded
             */
            measured_by: string | null;
            /** Memory Fidelity Error */
            memory_fidelity_error: number | null;
            /** Output Data Points Per Minute */
            output_data_points_per_minute: number;
            /** Output Series */
            output_series: number;
            /**
             * Taken At
             * Format: date-time
             */
            taken_at: string;
            /** Warmup */
            warmup: boolean;
        };
        /** SchedulerStatus */
        SchedulerStatus: {
            /**
             * Jobs
             * @description by job id (reconciler, sampler, drift, dynamic, ...)
             */
            jobs: {
                [key: string]: components["schemas"]["JobStatus"];
            };
            /** Running */
            running: boolean;
        };
        /** SeriesSampleRead */
        SeriesSampleRead: {
            /**
             * Dropped
             * @description a sample of the data points dropped, up to `sample_limit`
             */
            dropped: components["schemas"]["DroppedSeries"][];
            /** Dropped Count */
            dropped_count: number;
            /**
             * Merged
             * @description a sample of the merged output series, up to `sample_limit`
             */
            merged: components["schemas"]["MergedSeries"][];
            /** Merged Count */
            merged_count: number;
        };
        /** SignalCreate */
        SignalCreate: {
            /** Deployment Id */
            deployment_id?: string | null;
            /** Experiment Id */
            experiment_id?: string | null;
            kind: components["schemas"]["SignalKind"];
            /**
             * Parameters
             * @description config_update: new template parameters
             */
            parameters?: {
                [key: string]: unknown;
            } | null;
            /**
             * Reason
             * @default
             */
            reason: string;
            /** @description retarget: the new target */
            target?: components["schemas"]["Target"] | null;
            /** Variant */
            variant?: string | null;
        };
        /**
         * SignalKind
         * @enum {string}
         */
        SignalKind: "promote" | "rollback" | "pause" | "resume" | "stop" | "config_update" | "retarget";
        /** SignalRead */
        SignalRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string;
            /** Deployment Id */
            deployment_id: string | null;
            /** Error */
            error: string | null;
            /** Experiment Id */
            experiment_id: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Id */
            id: string;
            kind: components["schemas"]["SignalKind"];
            /** Payload */
            payload: {
                [key: string]: unknown;
            };
            /** Result */
            result: {
                [key: string]: unknown;
            } | null;
            /** Started At */
            started_at: string | null;
            status: components["schemas"]["SignalStatus"];
        };
        /**
         * SignalStatus
         * @enum {string}
         */
        SignalStatus: "pending" | "executing" | "completed" | "failed";
        /** SimulatedSnapshot */
        SimulatedSnapshot: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "simulated";
            /** Process Count */
            process_count?: number | null;
            /**
             * Profile
             * @default realistic
             * @enum {string}
             */
            profile: "realistic" | "high-cardinality" | "high-churn";
            /**
             * Seed
             * @default 1
             */
            seed: number;
        };
        /**
         * SimulationCreate
         * @description Body of `POST /api/v1/simulations`: a profile and optional overrides of its size knobs.
         */
        SimulationCreate: {
            /**
             * Churn Rate
             * @description short-lived processes started per second
             */
            churn_rate?: number | null;
            /**
             * Custom
             * @description the `custom` profile's definition: groups (name, exe_path, command, role, count, weight, owner, cpu, memory, lifetime_s, ...) and sizes
             */
            custom?: {
                [key: string]: unknown;
            } | null;
            /**
             * Duration
             * @description seconds, or '90s', '10m', '1h'; default: the profile's
             */
            duration?: number | null;
            /**
             * Process Count
             * @description long-lived processes (default: the profile's)
             */
            process_count?: number | null;
            /**
             * Profile
             * @example high-churn
             */
            profile: string;
            /** Seed */
            seed?: number | null;
        };
        /**
         * SimulationRead
         * @description A simulation with live counts.
         */
        SimulationRead: {
            /** Active Processes */
            active_processes: number;
            /** Churn Rate */
            churn_rate: number;
            /**
             * Churn Rate Achieved
             * @description starts per second after the initial population, last 10 s
             */
            churn_rate_achieved: number;
            /**
             * Cpu Scale
             * @description factor applied to CPU patterns to fit the simulation's CPU budget
             */
            cpu_scale: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Duration */
            duration: number;
            /** Ends At */
            ends_at: string | null;
            /** Error */
            error: string | null;
            /** Exited */
            exited: number;
            /** Finished At */
            finished_at: string | null;
            /** Id */
            id: string;
            /**
             * Memory Scale
             * @description factor applied to memory patterns to fit the memory budget
             */
            memory_scale: number;
            /** Notes */
            notes: string[];
            /** Process Count */
            process_count: number;
            /** Process Group */
            process_group: number | null;
            /** Profile */
            profile: string;
            /**
             * Progress
             * @description 0-1 while starting: started / target_processes
             */
            progress: number;
            /**
             * Reserved Processes
             * @description its share of the host cap: long-lived plus peak churn
             */
            reserved_processes: number;
            /** Running At */
            running_at: string | null;
            /** Seed */
            seed: number;
            /** Spawn Failures */
            spawn_failures: number;
            /** Started */
            started: number;
            status: components["schemas"]["SimulationStatus"];
            /** Stop Reason */
            stop_reason: string | null;
            /**
             * Target Processes
             * @description long-lived processes of the initial population
             */
            target_processes: number;
        };
        /**
         * SimulationStatus
         * @enum {string}
         */
        SimulationStatus: "starting" | "running" | "stopping" | "stopped" | "completed" | "failed";
        /** StopRequest */
        StopRequest: {
            /**
             * Reason
             * @default
             */
            reason: string;
        };
        /** SuccessCriteria */
        SuccessCriteria: {
            /**
             * Max Cpu Overhead
             * @description extra share of one CPU core the candidate's collector may use
             * @default 0.05
             */
            max_cpu_overhead: number;
            /**
             * Max Memory Overhead
             * @description relative increase of the candidate collector's peak memory
             * @default 0.25
             */
            max_memory_overhead: number;
            /**
             * Min Cardinality Reduction
             * @default 0.5
             */
            min_cardinality_reduction: number;
            /**
             * Min Cost Reduction
             * @default 0
             */
            min_cost_reduction: number;
            /**
             * Min Critical Retention
             * @default 1
             */
            min_critical_retention: number;
        };
        /**
         * Target
         * @description Where a variant runs: the one shape experiments, deployments and manifests share. Locally
         *     every target is this host; on Kubernetes, a namespace and the nodes its DaemonSet selects.
         */
        Target: {
            /**
             * Namespace
             * @default default
             */
            namespace: string;
            /** Node Selector */
            node_selector?: {
                [key: string]: string;
            };
        };
        /** TemplateDetail */
        TemplateDetail: {
            /**
             * Default Config Yaml
             * @description the config rendered with every default
             */
            default_config_yaml: string;
            /** Description */
            description: string;
            /** Expected Reduction */
            expected_reduction: {
                [key: string]: number;
            } | null;
            /** Name */
            name: string;
            /**
             * Parameters
             * @description parameter specs: type, default, bounds, description
             */
            parameters: {
                [key: string]: unknown;
            };
            /**
             * Parameters Schema
             * @description JSON schema of the parameters, for forms
             */
            parameters_schema: {
                [key: string]: unknown;
            };
            /** Processors */
            processors: string[];
            /** Strategy */
            strategy: string;
            /** Version */
            version: string;
        };
        /** TemplateSummary */
        TemplateSummary: {
            /** Description */
            description: string;
            /** Expected Reduction */
            expected_reduction: {
                [key: string]: number;
            } | null;
            /** Name */
            name: string;
            /** Processors */
            processors: string[];
            /** Strategy */
            strategy: string;
            /** Version */
            version: string;
        };
        /** TimeseriesRead */
        TimeseriesRead: {
            /** Baseline */
            baseline: components["schemas"]["SampleRead"][];
            /** Candidate */
            candidate: components["schemas"]["SampleRead"][];
        };
        /** TokenPair */
        TokenPair: {
            /** Access Token */
            access_token: string;
            /**
             * Expires In
             * @description access token lifetime in seconds
             */
            expires_in: number;
            /** Refresh Token */
            refresh_token: string;
            /**
             * Token Type
             * @default bearer
             */
            token_type: string;
        };
        /** TransitionRead */
        TransitionRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            from_phase: components["schemas"]["Phase"] | null;
            /** Reason */
            reason: string;
            to_phase: components["schemas"]["Phase"];
            /** Trigger */
            trigger: string;
        };
        /** UserCreate */
        UserCreate: {
            /**
             * Password
             * @description at least 12 characters
             */
            password: string;
            /** @default viewer */
            role: components["schemas"]["Role"];
            /** Username */
            username: string;
        };
        /** UserRead */
        UserRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: number;
            /** Is Active */
            is_active: boolean;
            role: components["schemas"]["Role"];
            /** Username */
            username: string;
        };
        /** UserUpdate */
        UserUpdate: {
            /** Is Active */
            is_active?: boolean | null;
            /** Password */
            password?: string | null;
            role?: components["schemas"]["Role"] | null;
        };
        /** ValidateRequest */
        ValidateRequest: {
            /** Config Yaml */
            config_yaml: string;
            /**
             * Critical Processes
             * @description RE2 patterns searched in process.executable.name, as the rendered OTTL IsMatch does: unanchored, so '^postgres' also matches 'postgres15' and 'nginx' matches 'nginx-exporter'; write '^nginx$' for the whole name. Matching processes are never dropped or merged. Patterns the collector's Go regexp refuses are refused (422). Filters are checked not to drop them; default: Phoenix's default list.
             */
            critical_processes?: string[] | null;
            /**
             * Strict
             * @description Report Phoenix's policies (`policy.*` findings, warnings otherwise) as errors
             * @default false
             */
            strict: boolean;
        };
        /** ValidationError */
        ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /** ValidationRead */
        ValidationRead: {
            /**
             * Collector
             * @description The collector that ran the `otelcol` tier, e.g. `otelcol-phoenix 0.159.0`
             */
            collector?: string | null;
            /** Errors */
            errors: components["schemas"]["IssueRead"][];
            /**
             * Tiers Run
             * @description Tiers that ran, in order; `otelcol` (the real collector's `validate`) only when a collector binary is available
             */
            tiers_run: string[];
            /** Valid */
            valid: boolean;
            /** Warnings */
            warnings: components["schemas"]["IssueRead"][];
        };
        /**
         * VariantKpis
         * @description The KPIs of one run (each defined in the module docstring; fractions are 0-1). The preview
         *     answers with this model as it is, so its OpenAPI schema is this one definition.
         */
        VariantKpis: {
            /** Bytes Per Data Point */
            bytes_per_data_point: number | null;
            /** Collection Interval S */
            collection_interval_s: number;
            /** Cpu Fidelity Error */
            cpu_fidelity_error: number | null;
            /** Critical Processes In Output */
            critical_processes_in_output: number;
            /** Critical Processes On Host */
            critical_processes_on_host: number;
            /** Critical Retention */
            critical_retention: number;
            /** Engine Cpu Seconds */
            engine_cpu_seconds: number;
            /** Engine Peak Memory Bytes */
            engine_peak_memory_bytes: number | null;
            /** Errors */
            errors?: string[];
            /** Estimated Bytes Per Minute */
            estimated_bytes_per_minute: number;
            /**
             * Fidelity By Host
             * @description by host, the error of each metric
             */
            fidelity_by_host: {
                [key: string]: {
                    [key: string]: number | null;
                };
            };
            /** Input Data Points */
            input_data_points: number;
            /** Input Series */
            input_series: number;
            /**
             * Lost Critical Processes
             * @description at most 50
             */
            lost_critical_processes: components["schemas"]["LostCriticalProcess"][];
            /** Memory Fidelity Error */
            memory_fidelity_error: number | null;
            /** Output Data Points */
            output_data_points: number;
            /** Output Data Points Per Minute */
            output_data_points_per_minute: number;
            /** Output Series */
            output_series: number;
        };
        /** VariantResults */
        VariantResults: {
            /** @description cost of the variant's mean output volume */
            cost: components["schemas"]["CostRead"];
            /**
             * Kpis
             * @description one summary per numeric KPI of a sample, by KPI name
             */
            kpis: {
                [key: string]: components["schemas"]["KpiSummary"];
            };
            /**
             * Measured By
             * @description distinct measurers of the counted samples; absent from results stored before Phoenix recorded it
             */
            measured_by?: string[];
            /**
             * Samples
             * @description samples counted after warm-up
             */
            samples: number;
        };
        /**
         * VariantSource
         * @description A pipeline to run: a catalog template with parameters, or a saved custom pipeline. The one
         *     source shape of experiment variants and deployments (`PipelineSource` adds YAML as is).
         */
        VariantSource: {
            /** Parameters */
            parameters?: {
                [key: string]: unknown;
            };
            /** Pipeline Id */
            pipeline_id?: string | null;
            /**
             * Template
             * @example process-topk-v1
             */
            template?: string | null;
        };
        /**
         * Verdict
         * @enum {string}
         */
        Verdict: "adopt_candidate" | "keep_baseline" | "needs_tuning" | "inconclusive";
        /**
         * WelchTestRead
         * @description `app.analysis.statistics.WelchResult`: Welch's two-sided t-test, candidate vs baseline.
         */
        WelchTestRead: {
            /** Degrees Of Freedom */
            degrees_of_freedom: number | null;
            /**
             * Effect Size
             * @description Hedges' g (bias-corrected Cohen's d), candidate minus baseline
             */
            effect_size: number | null;
            /**
             * Note
             * @description why the test is undefined or exact; empty otherwise
             */
            note: string;
            /** P Value */
            p_value: number | null;
            /** T Statistic */
            t_statistic: number | null;
        };
        /** YamlToGraphRequest */
        YamlToGraphRequest: {
            /** Config Yaml */
            config_yaml: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_api_keys_api_v1_api_keys_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyRead"][];
                };
            };
        };
    };
    create_api_key_api_v1_api_keys_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    revoke_api_key_api_v1_api_keys__key_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    login_api_v1_auth_login_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    logout_api_v1_auth_logout_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LogoutRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    me_api_v1_auth_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
        };
    };
    refresh_api_v1_auth_refresh_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    token_api_v1_auth_token_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["Body_token_api_v1_auth_token_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    live_deployment_kpis_api_v1_control_deployments_live_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentLiveRead"][];
                };
            };
        };
    };
    list_drift_api_v1_control_drift_get: {
        parameters: {
            query?: {
                limit?: number;
                /** @description only unresolved reports */
                open_only?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DriftReportRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_signals_api_v1_control_signals_get: {
        parameters: {
            query?: {
                experiment_id?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignalRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    send_signal_api_v1_control_signals_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignalCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignalRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_signal_api_v1_control_signals__signal_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                signal_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignalRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    control_status_api_v1_control_status_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ControlStatus"];
                };
            };
        };
    };
    list_deployments_api_v1_deployments_get: {
        parameters: {
            query?: {
                /** @description also replaced and removed ones */
                include_inactive?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_deployment_api_v1_deployments_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeploymentCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentDetail"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_deployment_api_v1_deployments__deployment_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deployment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentDetail"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_deployment_api_v1_deployments__deployment_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deployment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    pause_deployment_api_v1_deployments__deployment_id__pause_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deployment_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DeploymentChangeRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    resume_deployment_api_v1_deployments__deployment_id__resume_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deployment_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DeploymentChangeRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    rollback_deployment_api_v1_deployments__deployment_id__rollback_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deployment_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DeploymentChangeRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_transitions_api_v1_deployments__deployment_id__transitions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deployment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentTransitionRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    event_stream_api_v1_events_stream_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `change` events: `{kind, id, action}`; kinds: control_signal, deployment, drift, experiment, experiment_event, pipeline, sample, simulation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
        };
    };
    list_experiments_api_v1_experiments_get: {
        parameters: {
            query?: {
                cursor?: string | null;
                limit?: number;
                phase?: components["schemas"]["Phase"] | null;
                /** @description text in name or description */
                q?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentPage"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_experiment_api_v1_experiments_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExperimentCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_experiment_api_v1_experiments__experiment_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_experiment_api_v1_experiments__experiment_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_experiment_api_v1_experiments__experiment_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExperimentUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_events_api_v1_experiments__experiment_id__events_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    promote_experiment_api_v1_experiments__experiment_id__promote_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PromoteRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    results_api_v1_experiments__experiment_id__results_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentResults"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    start_experiment_api_v1_experiments__experiment_id__start_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    stop_experiment_api_v1_experiments__experiment_id__stop_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StopRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    timeseries_api_v1_experiments__experiment_id__timeseries_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeseriesRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_transitions_api_v1_experiments__experiment_id__transitions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransitionRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    variant_configs_api_v1_experiments__experiment_id__variants_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experiment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FrozenVariants"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_pipelines_api_v1_pipelines_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomPipelineRead"][];
                };
            };
        };
    };
    create_pipeline_api_v1_pipelines_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomPipelineCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomPipelineRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_pipeline_api_v1_pipelines__pipeline_id__get: {
        parameters: {
            query?: {
                version?: number | null;
            };
            header?: never;
            path: {
                pipeline_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomPipelineRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_pipeline_api_v1_pipelines__pipeline_id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pipeline_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomPipelineUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomPipelineRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_pipeline_api_v1_pipelines__pipeline_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pipeline_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_versions_api_v1_pipelines__pipeline_id__versions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pipeline_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomPipelineVersionRead"][];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_components_api_v1_pipelines_components_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaletteRead"];
                };
            };
        };
    };
    match_critical_processes_api_v1_pipelines_critical_matches_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CriticalMatchesRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CriticalMatchesRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    export_to_git_api_v1_pipelines_export_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ManifestsRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GitOpsExportRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    yaml_to_builder_graph_api_v1_pipelines_graph_from_yaml_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["YamlToGraphRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelineGraph"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    graph_to_config_api_v1_pipelines_graph_to_yaml_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PipelineGraph"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GraphToYamlRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    build_manifests_api_v1_pipelines_manifests_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ManifestsRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManifestsRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    preview_pipeline_api_v1_pipelines_preview_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreviewRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreviewRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    render_api_v1_pipelines_render_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RenderRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_templates_api_v1_pipelines_templates_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateSummary"][];
                };
            };
        };
    };
    get_template_api_v1_pipelines_templates__name__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateDetail"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    validate_api_v1_pipelines_validate_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ValidateRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_simulations_api_v1_simulations_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulationRead"][];
                };
            };
        };
    };
    start_simulation_api_v1_simulations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulationCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulationRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_simulation_api_v1_simulations__simulation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                simulation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulationRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    stop_simulation_api_v1_simulations__simulation_id__stop_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                simulation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulationRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_profiles_api_v1_simulations_profiles_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfilesRead"];
                };
            };
        };
    };
    list_users_api_v1_users_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"][];
                };
            };
        };
    };
    create_user_api_v1_users_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_user_api_v1_users__user_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_user_api_v1_users__user_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_user_api_v1_users__user_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
}
