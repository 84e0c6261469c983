package populate

import (
	"context"
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
// when not nil, is called after each account's roles arrive.
func fetch(ctx context.Context, api portal.API, token string, workers int, progress func(done, total int)) ([]portal.Account, []assignment, error) {
	accounts, err := portal.Accounts(ctx, api, token)
	if err != nil {
		return nil, nil, err
	}
	roles := make([][]portal.Role, len(accounts))
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
	var out []assignment
	for i, a := range accounts {
		for _, r := range roles[i] {
			out = append(out, assignment{Account: a, Role: r.Name})
		}
	}
	return accounts, out, nil
}

// listRoles lists the roles of one account for a worker, turning a panic into an error that the
// command reports like any other (a worker's panic would otherwise print a stack trace).
func listRoles(ctx context.Context, api portal.API, token, accountID string) (roles []portal.Role, err error) {
	defer crash.Recover(&err)
	return portal.Roles(ctx, api, token, accountID)
}
