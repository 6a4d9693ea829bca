import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

/** Trims text; anything else passes through unchanged to the type check. */
export const trim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;

/** A required display name (a customer's, an account's): trimmed, then 1-255 characters, like its varchar(255) column. */
export const NameField = ({
  example,
  description,
}: {
  example: string;
  description?: string;
}) =>
  applyDecorators(
    ApiProperty({ example, minLength: 1, maxLength: 255, description }),
    Transform(trim),
    IsString(),
    Length(1, 255),
  );
