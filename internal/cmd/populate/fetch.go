package populate

import (
	"context"
	"errors"
	"sync"

	"github.com/awsso/awsso/internal/crash"
	"github.com/awsso/awsso/internal/portal"
)

// assignment is a role the user can use in an account.
type assignment struct {
	Account portal.Account
	Role    string
}

// fetch lists the accounts, then the roles of each with workers concurrent calls, and returns
// every account and role in the order of the accounts (by name) and roles (by name). progress,
// when not nil, is called after each account's roles arrive. check, when not nil, says which
// accounts cannot get profiles: their roles are not listed, and they come back in skips with
// the roles whose names cannot go into a profile.
func fetch(ctx context.Context, api portal.API, token string, workers int, progress func(done, total int),
	check func(portal.Account) (skipped, bool)) (accounts []portal.Account, as []assignment, skips []skipped, err error) {
	all, err := portal.Accounts(ctx, api, token)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, a := range all {
		if check != nil {
			if s, bad := check(a); bad {
				skips = append(skips, s)
				continue
			}
		}
		accounts = append(accounts, a)
	}
	roles, denied, err := listAllRoles(ctx, api, token, accounts, workers, progress)
	if err != nil {
		return nil, nil, nil, err
	}
	for i, a := range accounts {
		if denied[i] {
			skips = append(skips, skipped{Account: a, Reason: "the access portal refused to list its roles",
				Hint: "'awsso roles --account-id " + a.ID + "' asks again; the other accounts get their profiles"})
			continue
		}
		for _, r := range roles[i] {
			if s, bad := checkRole(a, r.Name); bad {
				skips = append(skips, s)
				continue
			}
			as = append(as, assignment{Account: a, Role: r.Name})
		}
	}
	return accounts, as, skips, nil
}

// listAllRoles lists the roles of each account with workers concurrent calls, in the order of
// the accounts. denied marks the accounts whose roles the portal refused to list (403): the
// others can still get their profiles.
func listAllRoles(ctx context.Context, api portal.API, token string, accounts []portal.Account, workers int,
	progress func(done, total int)) (roles [][]portal.Role, denied []bool, err error) {
	roles, denied = make([][]portal.Role, len(accounts)), make([]bool, len(accounts))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		done     int
	)
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r, err := listRoles(ctx, api, token, accounts[i].ID)
				var noAccess *portal.NoAccessError
				if errors.As(err, &noAccess) {
					denied[i], err = true, nil
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				roles[i] = r
				done++
				if progress != nil && err == nil {
					progress(done, len(accounts))
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range accounts {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return nil, nil, firstErr
	}
	return roles, denied, nil
}

// listRoles lists the roles of one account for a worker, turning a panic into an error that the
// command reports like any other (a worker's panic would otherwise print a stack trace).
func listRoles(ctx context.Context, api portal.API, token, accountID string) (roles []portal.Role, err error) {
	defer crash.Recover(&err)
	return portal.Roles(ctx, api, token, accountID)
}
