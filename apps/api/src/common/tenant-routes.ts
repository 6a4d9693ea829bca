import {
  applyDecorators,
  Controller,
  Delete,
  Get,
  Post,
  Put,
  type Type,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { ApiSignedIn } from '../auth/auth.decorators.js';
import { ErrorResponseDto, MessageResponseDto } from './error-response.dto.js';
import { LINK_HEADER } from './pagination.js';

/**
 * The routes of a tenant resource (customers, accounts, and what `nest g tenant-resource`
 * generates), declared once with the contract's answers that go with each kind of route: every
 * route needs a Bearer token (401) and validates its input (400); a list returns a Page (answered
 * as a JSON array plus a Link header, see ReplyShape); a route naming a
 * row by id answers 404 for a row that is absent or another organization's. A route adds only what
 * is its own (a 409, a 422, a second tag) beside these.
 */
export const TenantResource = (tag: string, path: string) =>
  applyDecorators(
    ApiSignedIn(tag),
    ApiBadRequestResponse({ type: ErrorResponseDto }),
    Controller(path),
  );

interface RouteOptions {
  /** Below the controller's path (default: the controller's path itself). */
  path?: string;
  summary: string;
  /** The response body's DTO (DELETE answers a MessageResponseDto). */
  type: Type;
}

const notFound = () => ApiNotFoundResponse({ type: ErrorResponseDto });

/** GET a page of rows, newest first. */
export const ListRoute = ({ path, summary, type }: RouteOptions) =>
  applyDecorators(
    Get(path),
    ApiOperation({ summary }),
    ApiOkResponse({ type: [type], headers: LINK_HEADER }),
  );

/** GET one row by id. */
export const ReadRoute = ({ path, summary, type }: RouteOptions) =>
  applyDecorators(
    Get(path),
    ApiOperation({ summary }),
    ApiOkResponse({ type }),
    notFound(),
  );

/** POST a new row: 201 with it. */
export const CreateRoute = ({ path, summary, type }: RouteOptions) =>
  applyDecorators(
    Post(path),
    ApiOperation({ summary }),
    ApiCreatedResponse({ type }),
  );

/** PUT a row by id: 200 with what it is now. */
export const ReplaceRoute = ({ path, summary, type }: RouteOptions) =>
  applyDecorators(
    Put(path),
    ApiOperation({ summary }),
    ApiOkResponse({ type }),
    notFound(),
  );

/** DELETE a row by id: 200 with the message of {@link deleted}. */
export const DeleteRoute = ({ path, summary }: Omit<RouteOptions, 'type'>) =>
  applyDecorators(
    Delete(path),
    ApiOperation({ summary }),
    ApiOkResponse({ type: MessageResponseDto }),
    notFound(),
  );

/** The answer of a successful DELETE, as the seed application words it: `Customer deleted successfully`. */
export function deleted(what: string): MessageResponseDto {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
  return { message: `${what} deleted successfully` };
}
