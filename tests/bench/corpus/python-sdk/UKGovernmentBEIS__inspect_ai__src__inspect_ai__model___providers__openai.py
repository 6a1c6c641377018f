import os
from logging import getLogger
from typing import Any

import anyio
from openai import (
    APIStatusError,
    AsyncAzureOpenAI,
    AsyncBedrockOpenAI,
    AsyncOpenAI,
    DefaultAsyncHttpxClient,
    NotFoundError,
    NotGiven,
    RateLimitError,
    omit,
)
from openai._types import NOT_GIVEN
from openai.types.chat import ChatCompletion
from openai.types.responses import Response
from openai.types.shared_params.reasoning import Reasoning
from typing_extensions import override

from inspect_ai._util.logger import warn_once
from inspect_ai.model._generate_config import has_image_output, normalized_batch_config
from inspect_ai.model._providers.openai_completions import (
    generate_completions,
)
from inspect_ai.model._providers.openai_responses import generate_responses
from inspect_ai.model._providers.util.hooks import HttpxHooks
from inspect_ai.model._retry import ModelRetryConfig, batch_admin_retry_config
from inspect_ai.tool import ToolChoice, ToolInfo

from .._chat_message import ChatMessage
from .._generate_config import GenerateConfig
from .._model import ModelAPI, RetryDecision
from .._model_call import ModelCall
from .._model_output import ModelOutput, ModelUsage
from .._openai import (
    is_gpt_5_model,
    is_latest_model,
    is_o_series_model,
    openai_classify_retry,
    openai_should_retry,
    supports_native_max_reasoning_effort,
)
from .._openai_responses import (
    chat_messages_from_compact_response,
    is_native_tool_configured,
    model_usage_from_compact_response,
    openai_responses_inputs,
    pad_tool_messages_for_token_counting,
)
from ._openai_batch import OpenAIBatcher
from .util import (
    check_azure_deployment_mismatch,
    environment_prerequisite_error,
    model_base_url,
    require_azure_base_url,
    resolve_api_key,
    resolve_azure_token_provider,
    resolve_bedrock_base_url,
    resolve_bedrock_region,
    resolve_bedrock_token_provider,
)

logger = getLogger(__name__)

OPENAI_API_KEY = "OPENAI_API_KEY"
OPENAI_SAFETY_IDENTIFIER = "OPENAI_SAFETY_IDENTIFIER"
AZURE_OPENAI_API_KEY = "AZURE_OPENAI_API_KEY"
AZUREAI_OPENAI_API_KEY = "AZUREAI_OPENAI_API_KEY"

# Bedrock environment variables
BEDROCK_OPENAI_API_KEY = "BEDROCK_OPENAI_API_KEY"
AWS_BEARER_TOKEN_BEDROCK = "AWS_BEARER_TOKEN_BEDROCK"

# Azure base URL environment variables
AZURE_OPENAI_BASE_URL_VARS = [
    "AZUREAI_OPENAI_BASE_URL",
    "AZURE_OPENAI_BASE_URL",
    "AZURE_OPENAI_ENDPOINT",
]

# Bedrock base URL environment variables (BEDROCK_OPENAI_BASE_URL is the
# Inspect-convention name; AWS_BEDROCK_BASE_URL is the AWS-standard name, also
# read natively by the OpenAI SDK)
BEDROCK_OPENAI_BASE_URL_VARS = [
    "BEDROCK_OPENAI_BASE_URL",
    "AWS_BEDROCK_BASE_URL",
]


# NOTE: If you are creating a new provider that is OpenAI compatible you should inherit from OpenAICompatibleAPI rather than OpenAIAPI.


class OpenAIAPI(ModelAPI):
    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        responses_api: bool | None = None,
        responses_store: bool | None = None,
        service_tier: str | None = None,
        client_timeout: float | None = None,
        background: bool | None = None,
        **model_args: Any,
    ) -> None:
        # extract azure service prefix from model name (other providers
        # that subclass from us like together expect to have the qualifier
        # in the model name e.g. google/gemma-2b-it)
        parts = model_name.split("/")
        if parts[0] in ("azure", "bedrock") and len(parts) > 1:
            self.service: str | None = parts[0]
        else:
            self.service = None

        # extract prompt_cache_key model arg if provided
        self.prompt_cache_key: str | NotGiven = model_args.pop(
            "prompt_cache_key", NOT_GIVEN
        )

        # extract prompt_cache_retention model arg if provided
        self.prompt_cache_retention: str | NotGiven = model_args.pop(
            "prompt_cache_retention", NOT_GIVEN
        )

        # extract safety_identifier model arg if provided, falling back to
        # the OPENAI_SAFETY_IDENTIFIER environment variable
        self.safety_identifier: str | NotGiven = model_args.pop(
            "safety_identifier", NOT_GIVEN
        )
        if self.safety_identifier is NOT_GIVEN:
            env_safety_identifier = os.environ.get(OPENAI_SAFETY_IDENTIFIER, None)
            if env_safety_identifier:
                self.safety_identifier = env_safety_identifier

        # OpenAI recommends preserving `phase` on replayed Responses API
        # assistant messages:
        # https://developers.openai.com/api/docs/guides/reasoning#phase-parameter
        #
        # Inspect already preserves API-returned phase metadata by default.
        # This model arg only opts in to synthesizing phase for assistant
        # messages that were constructed without one.
        responses_phase = model_args.pop("responses_phase", False)
        if not isinstance(responses_phase, bool):
            raise ValueError("responses_phase must be a bool")
        self.responses_phase: bool = responses_phase

        # call super
        super().__init__(
            model_name=model_name,
            base_url=base_url,
            api_key=api_key,
            api_key_vars=[
                OPENAI_API_KEY,
                AZURE_OPENAI_API_KEY,
                AZUREAI_OPENAI_API_KEY,
                BEDROCK_OPENAI_API_KEY,
                AWS_BEARER_TOKEN_BEDROCK,
            ],
            config=config,
        )

        # check for Azure model/URL mismatch
        if self.is_azure():
            check_azure_deployment_mismatch(
                self.service_model_name(),
                base_url,
                AZURE_OPENAI_BASE_URL_VARS,
                "AZUREAI_OPENAI",
            )

        # set background bit (automatically use background for deep research)
        if background is None and (self.is_deep_research() or self.is_gpt_5_pro()):
            background = True
        self.background = background

        # is this a model we use responses api by default for?
        responses_preferred = (
            self.is_o_series() or self.is_codex() or self.is_gpt_5()
        ) and config.num_choices is None

        # resolve whether we are forcing the responses api
        self.responses_api = (
            background
            or has_image_output(config.modalities)
            or (responses_api if responses_api is not None else responses_preferred)
        )

        # resolve whether we are using the responses store
        self.responses_store = responses_store

        # set service tier if specified
        self.service_tier = service_tier

        # bump up default client timeout to 15 minutes for service_tier=="flex"
        self.client_timeout = client_timeout or (
            900.0 if self.service_tier == "flex" else None
        )

        # resolve the AWS region for Bedrock (also pop the aws_region model arg
        # so it isn't double-passed to AsyncBedrockOpenAI via **model_args)
        self.aws_region: str | None = None
        if self.is_bedrock():
            self.aws_region = resolve_bedrock_region(model_args.pop("aws_region", None))

        # resolve api_key, managed identity (Azure), or AWS credentials (Bedrock)
        self.token_provider = None
        if not self.api_key:
            if self.is_azure():
                self.api_key = resolve_api_key(
                    [AZUREAI_OPENAI_API_KEY, AZURE_OPENAI_API_KEY]
                )
                if not self.api_key:
                    # try managed identity (Microsoft Entra ID)
                    self.token_provider = resolve_azure_token_provider("OpenAI")
            elif self.is_bedrock():
                self.api_key = resolve_api_key(
                    [BEDROCK_OPENAI_API_KEY, AWS_BEARER_TOKEN_BEDROCK]
                )
                if not self.api_key:
                    # generate short-lived bearer tokens from AWS credentials
                    self.token_provider = resolve_bedrock_token_provider(
                        self.aws_region
                    )
            else:
                self.api_key = os.environ.get(OPENAI_API_KEY, None)

            if not self.api_key and not self.token_provider:
                raise environment_prerequisite_error(
                    "OpenAI",
                    [
                        OPENAI_API_KEY,
                        AZUREAI_OPENAI_API_KEY,
                        "managed identity (Entra ID)",
                    ],
                )

        # extract http_client and api_version before storing model_args
        self.http_client = (
            model_args.pop("http_client", None) or DefaultAsyncHttpxClient()
        )
        if self.is_azure():
            # resolve version
            if model_args.get("api_version") is not None:
                self.api_version = model_args.pop("api_version")
            else:
                self.api_version = os.environ.get(
                    "AZUREAI_OPENAI_API_VERSION",
                    os.environ.get("OPENAI_API_VERSION", "2025-03-01-preview"),
                )

        # set initial reasoning_summaries bit (requires organizational verifification
        # so we will probe for it on-demand if a request w/ reasoning summaries comes in)
        self._reasoning_summaries: bool | None = None
        self._reasoning_summaries_lock = anyio.Lock()

        # store remaining model_args after extraction
        self.model_args = model_args
        self.initialize()

    def _create_client(self) -> AsyncAzureOpenAI | AsyncBedrockOpenAI | AsyncOpenAI:
        # azure client
        if self.is_azure():
            # resolve base_url (required for Azure)
            base_url = require_azure_base_url(
                self.base_url, AZURE_OPENAI_BASE_URL_VARS, "OpenAI"
            )

            # use managed identity if available, otherwise API key
            return AsyncAzureOpenAI(
                api_key=self.api_key,
                azure_ad_token_provider=self.token_provider,
                api_version=self.api_version,
                azure_endpoint=base_url,
                http_client=self.http_client,
                timeout=self.client_timeout
                if self.client_timeout is not None
                else NOT_GIVEN,
                **self.model_args,
            )
        elif self.is_bedrock():
            # exactly one of api_key / bedrock_token_provider is set; pass
            # api_key as None (not "") when using the token provider so we
            # don't trip the SDK's mutually-exclusive credentials check
            return AsyncBedrockOpenAI(
                api_key=self.api_key or None,
                bedrock_token_provider=self.token_provider,
                aws_region=self.aws_region,
                base_url=resolve_bedrock_base_url(
                    self.base_url,
                    BEDROCK_OPENAI_BASE_URL_VARS,
                    self.aws_region or "",
                    self.bedrock_mantle_path(),
                ),
                http_client=self.http_client,
                timeout=self.client_timeout
                if self.client_timeout is not None
                else NOT_GIVEN,
                **self.model_args,
            )
        else:
            return AsyncOpenAI(
                api_key=self.api_key,
                base_url=model_base_url(self.base_url, "OPENAI_BASE_URL"),
                http_client=self.http_client,
                timeout=self.client_timeout
                if self.client_timeout is not None
                else NOT_GIVEN,
                **self.model_args,
            )

    def initialize(self) -> None:
        super().initialize()

        if self.http_client.is_closed:
            self.http_client = DefaultAsyncHttpxClient()

        self.client = self._create_client()

        # TODO: Although we could enhance OpenAIBatcher to support requests with
        # homogenous endpoints (e.g. some going to completions and some going to
        # responses), the code would have to be more complex to retain type safety.
        # We'd have to track the endpoint and ResultCls for each request and also
        # cast? the result when resolving the generate promise. For now, we'll
        # side step that complexity and just use two different batchers.
        self._completions_batcher: OpenAIBatcher[ChatCompletion] | None = None
        self._responses_batcher: OpenAIBatcher[Response] | None = None
        self._http_hooks = HttpxHooks(self.client._client)

    @override
    async def count_text_tokens(self, text: str) -> int:
        import tiktoken

        try:
            enc = tiktoken.encoding_for_model(self.model_family())
        except KeyError:
            enc = tiktoken.get_encoding("o200k_base")  # fallback

        tokens = enc.encode(text, disallowed_special=())
        return len(tokens)

    @override
    async def count_tokens(
        self,
        input: str | list[ChatMessage],
        config: GenerateConfig | None = None,
    ) -> int:
        """Count tokens using native API for messages, tiktoken for text.

        For messages, uses OpenAI's input_tokens endpoint which can accurately
        count encrypted reasoning blocks. Raises an exception if native
        counting fails.
        """
        if isinstance(input, str):
            return await self.count_text_tokens(input)

        # Use native counting for responses API (required for accurate counting)
        if self.responses_api:
            try:
                return await self._count_tokens_native(input, config)
            except NotFoundError:
                pass  # endpoint not available (e.g. Azure); fall through to tiktoken

        # For non-responses API, use tiktoken-based counting
        from .._tokens import count_tokens

        return await count_tokens(
            input, self.count_text_tokens, self.count_media_tokens
        )

    async def _count_tokens_native(
        self,
        messages: list[ChatMessage],
        config: GenerateConfig | None = None,
    ) -> int:
        """Count tokens using OpenAI's input_tokens endpoint.

        This endpoint can accurately count encrypted reasoning blocks
        that cannot be counted using tiktoken. Uses padding to handle
        orphaned tool calls/outputs for per-message counting.
        """
        # Convert messages to OpenAI input format
        input_items = await openai_responses_inputs(
            messages, self, synthesize_phase=self.responses_phase
        )

        # Apply padding to handle orphaned tool calls for per-message counting
        padded_items = pad_tool_messages_for_token_counting(input_items)

        # Call the input_tokens endpoint with reasoning settings
        response = await self.client.responses.input_tokens.count(
            model=self.api_model_name(),
            input=padded_items,
            reasoning=self._get_reasoning_params_for_config(config),
        )

        return response.input_tokens

    def is_azure(self) -> bool:
        return self.service == "azure"

    def is_bedrock(self) -> bool:
        return self.service == "bedrock"

    def bedrock_mantle_path(self) -> str:
        """Mantle API path for this model.

        Frontier OpenAI models (gpt-5.x, codex) are served on the `/openai/v1`
        path; open-weight models (e.g. gpt-oss) and others use `/v1`.
        """
        return "openai/v1" if (self.is_gpt_5() or self.is_codex()) else "v1"

    def has_reasoning_options(self) -> bool:
        return (
            self.is_o_series()
            or (self.is_gpt_5() and not self.is_gpt_5_chat())
            or self.is_codex()
        )

    def reasoning_only_fallback(self) -> bool:
        return False

    def is_o_series(self) -> bool:
        return is_o_series_model(self.model_family())

    def is_deep_research(self) -> bool:
        return "deep-research" in self.model_family()

    def is_latest(self) -> bool:
        # predeployment/codename models are treated as the current frontier;
        # restricted to the direct OpenAI service (azure uses customer
        # deployment names and bedrock has a fixed catalog).
        if self.is_azure() or self.is_bedrock():
            return False
        return is_latest_model(self.model_family())

    def is_gpt_5(self) -> bool:
        # "gpt-5 or greater" — includes predeployment/codename frontier models
        return is_gpt_5_model(self.model_family()) or self.is_latest()

    def is_gpt_5_plus(self) -> bool:
        name = self.model_family()
        return "gpt-5." in name or self.is_latest()

    def is_gpt_5_pro(self) -> bool:
        name = self.model_family()
        return self.is_gpt_5() and "-pro" in name

    def supports_max_reasoning_effort(self) -> bool:
        return supports_native_max_reasoning_effort(self.model_family()) or (
            self.is_latest()
        )

    def is_gpt_5_chat(self) -> bool:
        name = self.model_family()
        return self.is_gpt_5() and "-chat" in name

    def is_o1(self) -> bool:
        name = self.model_family()
        return "o1" in name

    def is_o3_mini(self) -> bool:
        name = self.model_family()
        return "o3-mini" in name

    def is_codex(self) -> bool:
        name = self.model_family()
        return "codex" in name

    def is_gpt(self) -> bool:
        name = self.model_family()
        return "gpt" in name

    @override
    async def aclose(self) -> None:
        await self.client.close()

    @override
    def supports_remote_mcp(self) -> bool:
        # the OpenAI-on-Bedrock endpoint does not support remote MCP servers
        return not self.is_bedrock()

    @override
    def tool_result_images(self) -> bool:
        if self.responses_api:
            return True
        else:
            return False

    @override
    def disable_computer_screenshot_truncation(self) -> bool:
        # Because ComputerCallOutput has a required output field of type
        # ResponseComputerToolCallOutputScreenshot, we must have an image in
        # order to provide a valid tool call response. Therefore, we cannot
        # support image truncation.
        return True

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput | tuple[ModelOutput | Exception, ModelCall]:
        use_responses = (
            self.responses_api
            or has_image_output(config.modalities)
            or is_native_tool_configured(
                tools, self.model_family(), config, is_latest=self.is_latest()
            )
        )
        self._resolve_batcher(config, use_responses)

        # if reasoning summaries are unset then try to auto-detect
        if config.reasoning_summary is None:
            if not await self.reasoning_summaries():
                config = config.model_copy(update={"reasoning_summary": "none"})

        return await (
            generate_responses(
                client=self.client,
                http_hooks=self._http_hooks,
                model_name=self.api_model_name(),
                model_family=self.model_family(),
                input=input,
                tools=tools,
                tool_choice=tool_choice,
                config=config,
                background=self.background,
                service_tier=self.service_tier,
                prompt_cache_key=self.prompt_cache_key,
                prompt_cache_retention=self.prompt_cache_retention,
                safety_identifier=self.safety_identifier,
                responses_store=self.responses_store,
                synthesize_phase=self.responses_phase,
                model_info=self,
                batcher=self._responses_batcher,
            )
            if use_responses
            else generate_completions(
                client=self.client,
                http_hooks=self._http_hooks,
                model_name=self.api_model_name(),
                input=input,
                tools=tools,
                tool_choice=tool_choice,
                config=config,
                prompt_cache_key=self.prompt_cache_key,
                prompt_cache_retention=self.prompt_cache_retention,
                safety_identifier=self.safety_identifier,
                openai_api=self,
                batcher=self._completions_batcher,
            )
        )

    def service_model_name(self) -> str:
        """Model name without any service prefix."""
        return self.model_name.replace(f"{self.service}/", "", 1)

    def api_model_name(self) -> str:
        """Model id to send to the API.

        Bedrock requires an `openai.` prefix on the model id (e.g.
        `openai.gpt-5.5`); we add it here so model-family detection and the
        model-info canonical name can keep operating on the plain name.
        """
        name = self.service_model_name()
        if self.is_bedrock() and not name.startswith("openai."):
            return f"openai.{name}"
        return name

    def canonical_name(self) -> str:
        """Canonical model name for model info database lookup."""
        return f"openai/{self.service_model_name()}"

    @override
    def input_tokens_name(self) -> str:
        """Model name used for looking up model input tokens (context window)."""
        # codename/predeployment models alias to the current frontier so the
        # context window / token accounting match (bump when a newer frontier
        # ships). Mirrors Anthropic's is_claude_latest() aliasing.
        if self.is_latest():
            return "openai/gpt-5.6"
        return super().input_tokens_name()

    @override
    def should_retry(self, ex: BaseException) -> bool | RetryDecision:
        if isinstance(ex, RateLimitError):
            # quota-exceeded is a permanent monthly-quota error, not a transient
            # rate limit — do not retry.
            if "You exceeded your current quota" in ex.message:
                warn_once(logger, f"OpenAI quota exceeded, not retrying: {ex.message}")
                return RetryDecision.no()
        decision = openai_classify_retry(ex)
        return decision if decision is not None else RetryDecision.no()

    @override
    def is_auth_failure(self, ex: Exception) -> bool:
        if isinstance(ex, APIStatusError):
            return ex.status_code == 401
        return False

    @override
    def connection_key(self) -> str:
        """Scope adaptive concurrency per (key, model).

        A pool shared across models lets the faster model's signals push the
        adaptive limit past the slower model's actual ceiling (cram-down).
        Per-model scoping avoids that, at the cost of slight over-fragmentation
        when models actually share an upstream rate-limit budget.
        """
        return f"{self.initial_api_key}:{self.model_name}"

    @override
    def apply_redacted_reasoning_tokens_to_input(self) -> bool:
        # Responses API with store=false + include=encrypted_content re-injects
        # encrypted reasoning blocks on every turn but excludes them from
        # usage.input_tokens. Compaction's threshold check needs the count
        # added back. Chat Completions is unaffected.
        return self.responses_api

    async def reasoning_summaries(self) -> bool:
        # validate that reasoning summaries are supported for this account
        # (needs to be a 'verified organization'). we do this by making a
        # simple request with reasoning summaries and if it succeeds we
        # set the reasoning_summaries bit (we do this once for the lifetime
        # of the model provider instance). use the lock to guard against
        # multiple samples doing this concurrently at startup.
        #
        # fast path: once cached, return without touching the lock. this
        # method is awaited on every generate() call (when
        # config.reasoning_summary is None), so under high concurrency the
        # uncontested-but-serialised lock acquire becomes a measurable
        # bottleneck. the read is a sync attribute lookup of a bool so it is
        # safe outside the lock.
        if self._reasoning_summaries is not None:
            return self._reasoning_summaries
        async with self._reasoning_summaries_lock:
            if self._reasoning_summaries is None:
                if self.responses_api and self.has_reasoning_options():
                    try:
                        await self.client.responses.create(
                            model=self.api_model_name(),
                            input="Please say 'hello, world'",
                            reasoning={"effort": "low", "summary": "auto"},
                        )
                        self._reasoning_summaries = True
                    except Exception as ex:
                        # A transient failure (timeout, dropped connection,
                        # rate limit, 5xx) tells us nothing about whether
                        # summaries are supported. Don't cache it, otherwise a
                        # blip at startup would disable summaries for the rest
                        # of the run; leave the bit unset so a later sample
                        # re-probes. A deterministic rejection (e.g. the account
                        # isn't a verified organization) does mean they aren't
                        # available, so cache that.
                        if openai_should_retry(ex):
                            return False
                        self._reasoning_summaries = False
                else:
                    self._reasoning_summaries = False

            return self._reasoning_summaries

    def _resolve_batcher(self, config: GenerateConfig, for_responses_api: bool) -> None:
        def _resolve_retry_config() -> ModelRetryConfig:
            return batch_admin_retry_config(self.model_name, config, self.should_retry)

        # TODO: Bogus that we have to do this on each call. Ideally, it would be
        # done only once and ideally by non-provider specific code.
        batch_config = normalized_batch_config(config.batch)
        if batch_config:
            # Select the appropriate batcher based on API type
            if for_responses_api:
                if not self._responses_batcher:
                    self._responses_batcher = OpenAIBatcher(
                        self.client,
                        batch_config,
                        _resolve_retry_config(),
                        Response,
                        endpoint="/v1/responses",
                    )
            else:
                if not self._completions_batcher:
                    self._completions_batcher = OpenAIBatcher(
                        self.client,
                        batch_config,
                        _resolve_retry_config(),
                        ChatCompletion,
                        endpoint="/v1/chat/completions",
                    )

    @override
    async def compact(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        config: GenerateConfig,
        instructions: str | None = None,
    ) -> tuple[list[ChatMessage], ModelUsage | None]:
        """Compact messages using client.responses.compact().

        input: Chat message input (if a `str` is passed it is converted to a `ChatUserMessage`).
            tools: Tools available for the model to call.
            config: Model configuration.

        Returns:
            A tuple of (compacted messages, usage info).

        Raises:
            NotImplementedError: If the model is not using the Responses API.
        """
        if not self.responses_api:
            raise NotImplementedError(
                f"Native compaction requires the Responses API for {self.service_model_name()}"
            )

        # Convert messages to OpenAI format
        input_params = await openai_responses_inputs(
            input, self, synthesize_phase=self.responses_phase
        )

        # Call compact endpoint (note: compact() doesn't accept reasoning params)
        try:
            response = await self.client.responses.compact(
                model=self.api_model_name(),
                input=input_params,
                instructions=instructions if instructions is not None else omit,
            )
        except NotFoundError:
            raise NotImplementedError(
                f"Native compaction endpoint not available for {self.service_model_name()}"
            ) from None

        # Extract compaction item and create ChatMessage with ContentData
        compacted_messages = chat_messages_from_compact_response(
            response, model=self.service_model_name()
        )
        usage = model_usage_from_compact_response(response)

        return compacted_messages, usage

    def _get_reasoning_params_for_config(
        self, config: GenerateConfig | None
    ) -> Reasoning | None:
        """Get reasoning parameters from the generation config."""
        if config is None:
            return None

        reasoning: Reasoning = {}
        if config.reasoning_effort is not None:
            effort = (
                "xhigh"
                if (
                    config.reasoning_effort == "max"
                    and not self.supports_max_reasoning_effort()
                )
                else config.reasoning_effort
            )
            reasoning["effort"] = effort  # type: ignore
        if config.reasoning_mode is not None:
            # `mode` is not yet in the SDK's Reasoning TypedDict
            reasoning["mode"] = config.reasoning_mode  # type: ignore[typeddict-unknown-key]
        if config.reasoning_summary is not None and config.reasoning_summary != "none":
            reasoning["summary"] = config.reasoning_summary

        if reasoning and not self.has_reasoning_options():
            warn_once(
                logger,
                f"reasoning options ignored for non-reasoning model {self.service_model_name()}",
            )
            return None

        return reasoning if reasoning else None
